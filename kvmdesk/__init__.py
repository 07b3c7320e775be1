"""kvmdesk: a desktop manager for KVM virtual machines on Linux."""

__version__ = "0.1.0"

# Reverse-DNS application id: names the .desktop file, the AppStream metainfo and the icon in
# resources/, and is the window's app id on Wayland (QGuiApplication.desktopFileName).
APP_ID = "io.github.kvmdesk.kvmdesk"
