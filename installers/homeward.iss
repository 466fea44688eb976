; Homeward — Inno Setup 6 script for Windows.
;
; Installs the PyInstaller onedir output (dist\homeward, built by
; "pyinstaller installers\homeward.spec" from the repository root) for the
; current user only: no administrator rights, into %LOCALAPPDATA%\Programs\Homeward.
;
; Build on Windows, from the repository root:
;   iscc installers\homeward.iss                  -> dist\homeward-0.1.0-setup.exe
;   iscc /DAppVersion=0.2.0 installers\homeward.iss
;
; Needs Inno Setup 6.3 or later (x64compatible). This file is UTF-8 with a BOM
; so that the Chinese text below is read right.

#define AppName "Homeward"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppPublisher "Homeward team"
#define AppExeName "homeward.exe"
#define SourceDir "..\dist\homeward"

[Setup]
; Fixed for every version: it is how Windows and later installers recognise
; Homeward (upgrades, the uninstaller). Never change it. The doubled "{{" is
; how Inno writes a literal "{".
AppId={{218057CB-47B4-4E91-9075-1AD99B97AE80}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
; Per-user install: with PrivilegesRequired=lowest, {autopf} is the user's
; %LOCALAPPDATA%\Programs and {autoprograms}/{autodesktop} are the user's own.
PrivilegesRequired=lowest
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=homeward-{#AppVersion}-setup
SetupIconFile=..\resources\icons\homeward.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Homeward before files are replaced.
CloseApplications=yes
ShowLanguageDialog=auto

[Languages]
; ChineseSimplified.isl is an unofficial Inno Setup translation and may not come
; with the compiler: if iscc cannot find it, download ChineseSimplified.isl from
; the Inno Setup translations page and copy it into the compiler's Languages
; folder (e.g. C:\Program Files (x86)\Inno Setup 6\Languages\).
; Listed first: it is the default when the system's language is not English.
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.ShortcutName=归途 未成年人救助保护
english.ShortcutName=Homeward
chinesesimplified.ShortcutComment=未成年人救助保护中心的接待登记程序
english.ShortcutComment=Intake desk of a minors' rescue and protection center

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole program folder, so no library of an older
; version is left beside the new ones. This is the program only: the user's
; data is elsewhere (see [UninstallDelete]).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; homeward.exe (the program), homeward-cli.exe (console: scripts and scheduled
; backups) and _internal\ with Python, Qt, resources\ and ui\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstalling: there is deliberately no [UninstallDelete] section. The
; uninstaller removes only the files it installed and KEEPS the user's data folder — the database of children's records, snapshots,
; logs and settings in %LOCALAPPDATA%\Homeward\Homeward (or the folder chosen
; with --home / HOMEWARD_HOME). Losing those records is the worst thing this
; program can do; whoever really wants them gone deletes that folder by hand,
; after a backup.
