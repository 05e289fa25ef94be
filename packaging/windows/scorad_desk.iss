; Inno Setup script: a per-machine installer with Start-menu entry and uninstaller.
; Compile with: iscc /DAppVersion=0.1.0 packaging\windows\scorad_desk.iss (build.py does this).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6C9D3E0A-2B1F-4C7E-9A55-5D0C1E2F3A4B}
AppName=ScoradDesk
AppVersion={#AppVersion}
AppPublisher=ScoradDesk
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\ScoradDesk
DefaultGroupName=ScoradDesk
PrivilegesRequired=admin
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ScoradDesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
UninstallDisplayName=ScoradDesk {#AppVersion}

[Files]
Source: "..\..\dist\ScoradDesk\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\ScoradDesk"; Filename: "{app}\ScoradDesk.exe"
Name: "{group}\Uninstall ScoradDesk"; Filename: "{uninstallexe}"

[Run]
Filename: "{app}\ScoradDesk.exe"; Description: "Start ScoradDesk"; Flags: nowait postinstall skipifsilent
