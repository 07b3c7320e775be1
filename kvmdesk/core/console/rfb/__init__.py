"""A Qt-free RFB (VNC) client: handshake, authentication, decoders and input messages.

:class:`client.RfbClient` runs one connection on its own reader thread, decodes into a
:class:`framebuffer.SharedFramebuffer` and reports to an :class:`client.RfbListener`;
:class:`process.ProcessRfbClient` does the same with the decoding in a child process
(:mod:`child`), which is what the view uses. The Qt view in ``kvmdesk.ui.console`` shows it.
RFC 6143 is the reference; Tight and QEMU's extended key event follow the TightVNC and QEMU
documentation.
"""
