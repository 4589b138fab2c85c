@echo off
chcp 65001 >nul
rem Start cchc-tui @VERSION@ (the CCHC report app); arguments go to the cchc command.
rem install.bat copies this file into the install folder.
setlocal EnableExtensions DisableDelayedExpansion
set "APP=%~dp0venv\Scripts\cchc.exe"
if not exist "%APP%" set "APP=%LOCALAPPDATA%\Programs\cchc-tui\venv\Scripts\cchc.exe"
if exist "%APP%" goto run
echo Chưa cài phần mềm báo cáo CCHC: chạy install.bat trong bộ cài trước.
pause
exit /b 1
:run
title Báo cáo CCHC
"%APP%" %*
