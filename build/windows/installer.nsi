; Keel's Windows installer (makensis, from .ci/release.sh): Program Files, a start-menu
; entry, an uninstaller, and a check for the WebView2 runtime the window needs.
; Defines from the command line: VERSION, VIVERSION (n.n.n.n), DIST (the .exe files),
; DOCS, ICON, OUTFILE.
Unicode true
!include "MUI2.nsh"
!include "x64.nsh"

Name "Keel"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Keel"
RequestExecutionLevel admin
SetCompressor /SOLID lzma

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Keel"
; The WebView2 runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_KEY "Microsoft\EdgeUpdate\Clients\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey "ProductName" "Keel"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Keel installer"
VIAddVersionKey "LegalCopyright" "Keel"

!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "Keel needs 64-bit Windows."
    Abort
  ${EndIf}
  SetRegView 64
FunctionEnd

; Warns when the WebView2 runtime is missing (Windows 10 before 2021) and offers its download.
Function CheckWebView2
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\${WEBVIEW2_KEY}" "pv"
  StrCmp $0 "" 0 +2
  ReadRegStr $0 HKCU "Software\${WEBVIEW2_KEY}" "pv"
  StrCmp $0 "" missing
  StrCmp $0 "0.0.0.0" missing
  Return
  missing:
  MessageBox MB_YESNO|MB_ICONEXCLAMATION "Keel's window needs the Microsoft Edge WebView2 runtime, which is not installed.$\r$\nOpen Microsoft's download page now?" IDNO +2
  ExecShell "open" "https://go.microsoft.com/fwlink/p/?LinkId=2124703"
FunctionEnd

Section "Keel"
  SetOutPath "$INSTDIR"
  File "${DIST}\keel.exe"
  File "${DIST}\keel-headless.exe"
  File "/oname=keel.ico" "${ICON}"
  SetOutPath "$INSTDIR\docs"
  File "${DOCS}\*.md"
  Call CheckWebView2
  CreateDirectory "$SMPROGRAMS\Keel"
  CreateShortCut "$SMPROGRAMS\Keel\Keel.lnk" "$INSTDIR\keel.exe" "" "$INSTDIR\keel.ico"
  CreateShortCut "$SMPROGRAMS\Keel\Uninstall Keel.lnk" "$INSTDIR\uninstall.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Keel"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Keel"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\keel.ico"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

; The data folder (workspaces, evidence, backups) stays: it is the user's, not the program's.
Section "Uninstall"
  SetRegView 64
  Delete "$INSTDIR\keel.exe"
  Delete "$INSTDIR\keel-headless.exe"
  Delete "$INSTDIR\keel.ico"
  Delete "$INSTDIR\docs\*.md"
  RMDir "$INSTDIR\docs"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Keel\Keel.lnk"
  Delete "$SMPROGRAMS\Keel\Uninstall Keel.lnk"
  RMDir "$SMPROGRAMS\Keel"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
