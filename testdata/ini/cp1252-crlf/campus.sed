[Version]
Class=IEXPRESS
SEDVersion=3
[Options]
PackagePurpose=InstallApp
ShowInstallProgramWindow=1
HideExtractAnimation=1
UseLongFileName=0
InsideCompressed=0
CAB_FixedSize=0
CAB_ResvCodeSigning=0
RebootMode=N
InstallPrompt=%InstallPrompt%
DisplayLicense=%DisplayLicense%
FinishMessage=%FinishMessage%
TargetName=%TargetName%
FriendlyName=%FriendlyName%
AppLaunched=%AppLaunched%
PostInstallCmd=%PostInstallCmd%
AdminQuietInstCmd=%AdminQuietInstCmd%
UserQuietInstCmd=%UserQuietInstCmd%
SourceFiles=SourceFiles
[Strings]
InstallPrompt=Voulez-vous installer le profil « Réseau Campus Été » ?
DisplayLicense=
FinishMessage=
TargetName=C:\Program Files\CMAK\Profiles\CAMPUS\CAMPUS.exe
FriendlyName=Réseau Campus Été
AppLaunched=cmstp.exe CAMPUS.inf
PostInstallCmd=<None>
AdminQuietInstCmd=cmstp.exe /s CAMPUS.inf
UserQuietInstCmd=cmstp.exe /s /su CAMPUS.inf
FILE0="CAMPUS.inf"
FILE1="CAMPUS.cmp"
FILE2="CAMPUS.cms"
FILE3="campus.bmp"
FILE4="campus.ico"
[SourceFiles]
SourceFiles0=C:\Program Files\CMAK\Profiles\CAMPUS\
[SourceFiles0]
%FILE0%=
%FILE1%=
%FILE2%=
%FILE3%=
%FILE4%=
