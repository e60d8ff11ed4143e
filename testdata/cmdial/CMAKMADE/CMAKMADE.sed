[Version]
Class=IEXPRESS
SEDVersion=3

[Options]
PackagePurpose=InstallApp
TargetName=CMAKMADE.exe
FriendlyName=Cmak Made
AppLaunched=cmstp.exe CMAKMADE.inf
SourceFiles=SourceFiles

[Strings]
FILE0=CMAKMADE.cmp
FILE1=CMAKMADE.cms
FILE2=CMAKMADE.inf
FILE3=spec-example.pbk
FILE4=spec-example.pbr
FILE5=log.sh

[SourceFiles]
SourceFiles0=.\

[SourceFiles0]
%FILE0%=
%FILE1%=
%FILE2%=
%FILE3%=
%FILE4%=
%FILE5%=
