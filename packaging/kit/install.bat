@echo off
chcp 65001 >nul
rem cchc-tui @VERSION@ (@TARGET@): offline install from this kit, made by tools/build_kit.py.
rem Usage: install.bat [INSTALL_FOLDER]  (default %LOCALAPPDATA%\Programs\cchc-tui)
rem Needs Python 3.11 64-bit (found, or installed from python-3.11.*-amd64.exe beside this
rem file). Downloads nothing. The data folder %LOCALAPPDATA%\cchc-tui is never touched here.
rem This file is UTF-8 without BOM with CRLF line ends; everything above chcp is ASCII.
setlocal EnableExtensions DisableDelayedExpansion
set "KIT=%~dp0"
set "DEST=%~1"
if "%DEST%"=="" set "DEST=%LOCALAPPDATA%\Programs\cchc-tui"
echo Cài phần mềm báo cáo CCHC (cchc-tui @VERSION@) vào %DEST%

rem --- 1. Python 3.11: the py launcher, the usual folders, else the installer beside the kit
set "PY="
call :find_python
if defined PY goto have_python
set "PYSETUP="
for %%F in ("%KIT%python-3.11.*-amd64.exe") do set "PYSETUP=%%~fF"
if not defined PYSETUP goto no_python
echo Máy chưa có Python 3.11: đang cài từ %PYSETUP% (chỉ cho người dùng này) ...
"%PYSETUP%" /passive InstallAllUsers=0 Include_launcher=1 Include_test=0 PrependPath=0 Shortcuts=0
call :find_python
if not defined PY goto no_python
:have_python
echo Python: %PY%

rem --- 2. check this Python and the kit's files (SHA256SUMS) before touching anything
"%PY%" "%KIT%verify_kit.py"
if errorlevel 1 goto failed

rem --- 3. the program's own Python environment, filled only from this kit
"%PY%" -m venv "%DEST%\venv"
if errorlevel 1 goto failed
set "PIP_CONFIG_FILE=nul"
"%DEST%\venv\Scripts\python.exe" -m pip --isolated --disable-pip-version-check install --no-index --find-links "%KIT%wheelhouse" -c "%KIT%constraints.txt" --upgrade "cchc-tui==@VERSION@"
if errorlevel 1 goto failed
"%DEST%\venv\Scripts\cchc.exe" templates list
if errorlevel 1 goto failed

rem --- 4. start shortcut: cchc.bat in the install folder, CCHC.bat on the desktop
copy /y "%KIT%cchc.bat" "%DEST%\cchc.bat" >nul
if errorlevel 1 goto failed
set "DESKTOP="
for /f "usebackq delims=" %%D in (`powershell -NoProfile -Command "[Environment]::GetFolderPath('Desktop')"`) do set "DESKTOP=%%D"
if not defined DESKTOP set "DESKTOP=%USERPROFILE%\Desktop"
> "%DESKTOP%\CCHC.bat" (
  echo @chcp 65001 ^>nul
  echo @call "%DEST%\cchc.bat" %%*
)
echo.
echo Đã cài xong. Mở phần mềm: bấm đúp CCHC.bat trên màn hình nền (hoặc %DEST%\cchc.bat).
echo Dữ liệu báo cáo nằm ở %LOCALAPPDATA%\cchc-tui (xem HUONG-DAN.txt, mục 4).
if not "%CCHC_NO_PAUSE%"=="1" pause
exit /b 0

:find_python
for /f "usebackq delims=" %%P in (`py -3.11 -X utf8 -c "import sys; print(sys.executable)" 2^>nul`) do set "PY=%%P"
if defined PY exit /b 0
if exist "%LOCALAPPDATA%\Programs\Python\Python311\python.exe" set "PY=%LOCALAPPDATA%\Programs\Python\Python311\python.exe"
if defined PY exit /b 0
if exist "%ProgramFiles%\Python311\python.exe" set "PY=%ProgramFiles%\Python311\python.exe"
exit /b 0

:no_python
echo Không tìm thấy Python 3.11 64-bit, và cạnh install.bat không có tệp python-3.11.x-amd64.exe.
echo Xem mục 1 của HUONG-DAN.txt (đang mở).
start "" notepad "%KIT%HUONG-DAN.txt"
if not "%CCHC_NO_PAUSE%"=="1" pause
exit /b 1

:failed
echo.
echo CÀI KHÔNG THÀNH CÔNG. Dữ liệu báo cáo (nếu có) không bị ảnh hưởng.
echo Chụp lại màn hình này gửi người hỗ trợ; xem HUONG-DAN.txt, mục 6.
if not "%CCHC_NO_PAUSE%"=="1" pause
exit /b 1
