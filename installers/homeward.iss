; Homeward — Inno Setup 6 script for Windows.
;
; Installs the PyInstaller onedir output (dist\homeward, built by
; "pyinstaller installers\homeward.spec" from the repository root): for the
; current user without administrator rights, into %LOCALAPPDATA%\Programs\Homeward,
; or, chosen in the first dialog (or /ALLUSERS), for everyone into Program Files.
; A new version installed over an older one upgrades it in place (same AppId,
; same folder, same tasks); the data folder is never part of the installation.
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
; homeward-gui.exe: the program (windowed); homeward.exe: the same with a console,
; for scripts and scheduled backups.
#define AppExeName "homeward-gui.exe"
#define CliExeName "homeward.exe"
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
PrivilegesRequiredOverridesAllowed=dialog commandline
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
VersionInfoVersion={#AppVersion}
; Upgrades: the folder and the tasks chosen the first time are kept.
UsePreviousAppDir=yes
UsePreviousTasks=yes
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Close a running Homeward before files are replaced (it keeps a safety copy of the
; records as it closes), and do not start it again behind the user's back.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
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
chinesesimplified.DeleteDataQuestion=归途已卸载。它的数据文件夹仍然保留：%n%n%1%n%n其中有全部儿童记录、本地快照和日志。是否一并删除？%n%n除非所有记录都已备份到U盘并核对过，否则请选择“否”。
english.DeleteDataQuestion=Homeward is removed. Its data folder is still there:%n%n%1%n%nIt holds every child's record, the local snapshots and the logs. Delete it too?%n%nChoose No unless every record is in a backup on a USB stick that you have checked.
chinesesimplified.DeleteDataReally=此文件夹中的记录将被永久删除，无法恢复。确定删除吗？
english.DeleteDataReally=The records in this folder will be gone for good. Delete them?

[Tasks]
; Checked: the intake desk starts Homeward from the desktop.
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[InstallDelete]
; An upgrade replaces the whole program folder, so no library of an older
; version is left beside the new ones. This is the program only: the user's
; data is elsewhere (see the end of this file).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; homeward-gui.exe (the program), homeward.exe (console: scripts and scheduled
; backups, homeward --self-test) and _internal\ with Python, Qt, resources\ and ui\.
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{cm:ShortcutName}"; Filename: "{app}\{#AppExeName}"; Comment: "{cm:ShortcutComment}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstalling: there is deliberately no [UninstallDelete] section. The
; uninstaller removes only the files it installed and KEEPS the user's data folder
; (%LOCALAPPDATA%\Homeward: the database of children's records, snapshots, logs and
; settings), unless the person uninstalling asks for it to go, twice, both times with
; "No" as the default answer. A silent uninstall (/SILENT, /VERYSILENT, as an upgrade
; script or a software-deployment tool runs it) never deletes it. A data folder chosen
; with --home or HOMEWARD_HOME is never touched.

[Code]
function DataFolder(): String;
begin
  // appdirs' user_data_dir("Homeward", "Homeward"); the logs and settings are inside it.
  Result := ExpandConstant('{localappdata}\Homeward');
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and (not UninstallSilent()) and DirExists(DataFolder()) then
  begin
    // Asked twice, "No" the default both times: a slip of the Enter key keeps the records.
    if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [DataFolder()]),
              mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
      if MsgBox(CustomMessage('DeleteDataReally'), mbError, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataFolder(), True, True, True);
  end;
end;
