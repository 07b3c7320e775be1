"""Assembles kvmdesk's AppDir and the squashfs payload of its AppImage.

Run through ``packaging/build-appimage``; each module is one step of the build.
"""
