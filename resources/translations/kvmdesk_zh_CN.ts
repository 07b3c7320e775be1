<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About kvmdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A desktop manager for KVM virtual machines on Linux.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libvirt %1 · Qt %2 · PySide6 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Licensed under %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How it works and how to use it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the README</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddConnectionDialog</name>
    <message>
        <source>Add Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU/KVM (system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU/KVM (user session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU/KVM over SSH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test driver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect automatically at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk was started with --demo or --connect: a connection added now is not saved and is gone when kvmdesk quits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I trust this program: let kvmdesk run it for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hypervisor:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection is already in the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening this connection makes libvirt run the following program. Add it only if you trust the program and know what it does.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening this connection makes libvirt run the following programs. Add it only if you trust them and know what they do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>I trust these programs: let kvmdesk run them for this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — on this computer (libvirt&apos;s ext transport)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — the helper started on the remote host (proxy=)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — on this computer, as you (%2=)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — on the remote host (%2=)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AddDiskDialog</name>
    <message>
        <source>Add Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing file or device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing volume in a pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new volume in a pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CD-ROM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache mode:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BondDialog</name>
    <message>
        <source>this backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit bond %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New bond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free ethernet interfaces; at least one, two or more for fault tolerance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>802.3ad and hashing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (slow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default (layer2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LACP rate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transmit hash policy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot set the LACP rate or transmit hash policy; the kernel&apos;s defaults apply.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use for virtual machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creates a bridge over the bond; virtual machines attach to it in Bridged mode. The IP configuration moves to the bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>works with any switch, nothing to configure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the switch ports must form a static port group (EtherChannel/trunk, no LACP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the switch ports must run LACP (802.3ad)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load balancing: %1 · Fault tolerance: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Switch: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no primary port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot set a primary port in %2 mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libvirt makes the first port the primary; the chosen primary is put first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carries the traffic while its link is up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration of bridge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BondMode</name>
    <message>
        <source>Packets go out over each port in turn; the switch needs a static port group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One port carries traffic, another takes over when it fails; works with any switch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each peer is sent over one port chosen by a hash; the switch needs a static port group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every packet goes out over every port; the switch needs a static port group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports are aggregated with the switch over LACP; the switch must have LACP on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing traffic is spread by port load, incoming arrives on one port; works with any switch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Traffic in both directions is spread by port load (ARP negotiation); works with any switch.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BootPage</name>
    <message>
        <source>Boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boot order (checked devices, top first; drag to reorder)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the boot menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boot menu:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: boot from the devices above</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initrd:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel arguments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CD-ROM %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BridgeDialog</name>
    <message>
        <source>New bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no port: a bridge for virtual machines only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spanning tree protocol (STP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration of the bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The port&apos;s own IP configuration is replaced: the bridge carries the address.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePreviewDialog</name>
    <message>
        <source>Apply host network change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This will change the host&apos;s network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 carries this connection&apos;s own traffic: you may lose the connection. If you cannot confirm the change in time, it is rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 carry this connection&apos;s own traffic: you may lose the connection. If you cannot confirm the change in time, it is rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These use the interfaces this changes and may lose their network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change is applied through %1, then you have %2 s to keep it; otherwise it is rolled back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM %1: macvtap on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM %1: bridged on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM %1: on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network %1: macvtap on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network %1: bridged on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network %1: forwards through %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloneDialog</name>
    <message>
        <source>Clone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name of the clone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Linked clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every writable disk is copied into a new volume in its pool. The clone is independent of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each disk of the clone is a new qcow2 file whose backing file is %1&apos;s disk: quick and small. %1&apos;s disks must then stay unchanged: do not start %1, revert or merge its snapshots, or delete it while the clone is in use. The clone is marked as linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clone gets a new UUID and new MAC addresses. Read-only and shareable disks (installation media) stay shared; UEFI variables are copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloneProgressDialog</name>
    <message>
        <source>Cloning %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>linked clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>full clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Making %1, a %2 of %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: copied to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: new overlay %2 on the original</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: shared (read-only or shareable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: empty drive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI variables: copied to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling after the current disk; what was made is removed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying %1 (%2 of %3)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defining the clone…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloneVolumeDialog</name>
    <message>
        <source>Clone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pool:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies %1 of data.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no running pool to copy the volume into</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloudInitPage</name>
    <message>
        <source>Cloud-init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written to a small “cidata” ISO in the pool; it stays there, so the VM finds it at every boot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only its hash is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh-ed25519 AAAA… (one key a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SSH public keys:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the VM&apos;s name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra user-data:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfirmChangeDialog</name>
    <message>
        <source>Keep the change?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied: %1. Is the host still reachable as it should be?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No answer: rolling back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change is rolled back in %1 s unless you keep it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed Elsewhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>While you were editing %1, another program changed the same settings. Your other changes are kept either way. For each setting below, choose whose value to keep.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changed elsewhere to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>Test driver (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (user session)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop reconnecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConnectionTreeModel</name>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · 1 domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n domains</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage · %1 · %2% used</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Connectivity</name>
    <message>
        <source>The host has an address on the network&apos;s bridge (the VM&apos;s gateway).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host routes to the virtual subnet directly (unlike VirtualBox NAT).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Outgoing traffic is masqueraded behind the host&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other hosts reach the VM only through a port forward (DNAT rule) on the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs on the same NAT network share its bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is on the host&apos;s LAN segment, like another machine.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host reaches the VM over the bridge that carries its own address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM gets its own address on the LAN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is a peer on the LAN; no forwarding is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs on the same bridge see each other directly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has an address on the isolated network&apos;s bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host reaches the VMs over that bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No forwarding: libvirt&apos;s firewall rules reject routed traffic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No forwarding into the isolated network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs on the same network share its bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has no address on this network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No forwarding and no gateway.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Guests see each other only; without DHCP they need static addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has an address on the network&apos;s bridge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host routes to the virtual subnet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Packets leave unmasqueraded: other hosts need a route back to the subnet via this host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other hosts (or the LAN router) need a route to the subnet via this host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>libvirt adds no firewall rules: the host&apos;s own firewall and a route back decide.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Needs a route to the subnet via this host and a host firewall that allows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not over macvtap: traffic bypasses the host&apos;s own stack (use a second NIC or a host macvlan).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not over macvtap: the host&apos;s interface cannot reach its own macvtap guests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM appears on the physical LAN with its own MAC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is a peer on the physical LAN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In macvtap bridge mode; VEPA needs a hairpin switch, private mode never.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Through the user-mode stack: the guest&apos;s gateway address maps to the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only through port forwards (passt or slirp hostfwd).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections are made by the host process on the VM&apos;s behalf.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only through port forwards on the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every user-mode NIC is its own private network.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Alt+Backspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Alt+F%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PrintScreen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;creen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scale to &amp;fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;1:1 (guest pixels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard grab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Type clipboard text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type the clipboard&apos;s text into the VM as key presses (no guest agent needed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Share the &amp;clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take text the VM puts on its clipboard; send ours with “Send clipboard”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send c&amp;lipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;rial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send &amp;break</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Console — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Operation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Could not %1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not %1 %2 of %3 VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reboot requested: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest restarts when its operating system handles the request. If nothing happens, it ignores ACPI: use Force off, then Start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shutdown requested: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest shuts down when its operating system handles the request. If it keeps running, it ignores ACPI: use Force off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete %1 of %2 VMs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file as it was is kept as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its connections are not loaded. To use them again, correct that file and rename it to %1 while kvmdesk is closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk will not change the file during this session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some saved connections were not used (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection list not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change holds until kvmdesk quits, but it is not saved: %1. Check that the folder exists and can be written, then change the list again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection list cannot be saved (%1): a connection added now works until kvmdesk quits, then it is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection not added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot connect to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Cannot connect to %n connection(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CpusPage</name>
    <message>
        <source>The hypervisor&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host CPU passthrough</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Named model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU&apos;s maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current CPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum CPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual topology</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sockets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cores:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Named model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running now with %1 of %2 CPUs; up to %2 can be changed live.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreatePoolDialog</name>
    <message>
        <source>Create storage pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start when the host boots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export or share:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Initiator IQN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection does not report which pool types it supports; libvirt checks the type when the pool is created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target IQN:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/dev/sdc (only to make a new group)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>libvirt found %n source(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>libvirt found no sources.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateSnapshotDialog</name>
    <message>
        <source>New snapshot of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What state is the VM in?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take snapshot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot revert to external snapshots: you can merge (delete) this snapshot later, but not return to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No snapshot of this VM is possible here (see the reasons above).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreateVolumeDialog</name>
    <message>
        <source>New volume in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>qcow2 (snapshots, grows as used)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raw (fastest, no snapshots)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None (allocate as written)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Metadata (qcow2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full (reserve the space now)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Free in %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preallocation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing file:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteConfirmation</name>
    <message>
        <source>Delete interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete %1 “%2”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 become plain ethernet interfaces again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Delete Virtual Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete Virtual Machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete %n virtual machines?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Their definitions are removed from the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (will be forced off first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also delete storage volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (pool %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The storage volume “%1” will be deleted permanently. Its data cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n storage volumes will be deleted permanently. Their data cannot be recovered.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Storage volumes you tick are deleted permanently. Their data cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeletePoolDialog</name>
    <message>
        <source>Delete storage pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the storage pool “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It cannot be deleted while these virtual machines use it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its folder and volumes stay on disk unless you delete them too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Also delete its %n volume(s) and its folder</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Remove its disks from these virtual machines first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteSnapshotDialog</name>
    <message>
        <source>Delete snapshot?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete snapshot “%1” of %2?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its saved state is removed from the disk images. The VM&apos;s current state does not change, but you can no longer return to this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its overlay files are merged into the images they are based on, then removed. No data of the current state is lost; you can no longer return to the state of this snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Also delete the %n snapshot(s) taken after it: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>It cannot be deleted on its own: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DeleteVolumeDialog</name>
    <message>
        <source>Delete volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the volume “%1” (%2)? Its data cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These virtual machines use it and lose this disk:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Delete it anyway; %n virtual machine(s) lose the disk</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>The volume is in use: confirm that its virtual machines lose it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UUID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OS type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This virtual machine has no network interfaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shut the VM down and start it again so that the saved changes take effect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the interfaces as they run now, so the next start keeps them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the running interfaces back to the saved configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the selected interface&apos;s network mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a virtual machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2 maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n virtual machines selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n interface change(s) saved in the configuration; the running VM keeps its interfaces as shown until it restarts.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Running and saved settings differ</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n running interface(s) differ from the saved configuration (a change was cut short, or another program changed them): make the running settings permanent, or revert the running VM to the saved ones.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DisksPage</name>
    <message>
        <source>Hypervisor default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Eject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cache mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disks on VirtIO or SCSI are plugged in and out of a running VM at once; bus, cache mode and read-only take effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CD-ROM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DomainListModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 maximum</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (changed after restart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ %1 after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No network</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DomainState</name>
    <message>
        <source>No state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shutting down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About %1 to transfer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the volume as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no folder %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder: give a file name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists already</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EventLogDock</name>
    <message>
        <source>Event log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 event</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of 1 event</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n events</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirmwarePage</name>
    <message>
        <source>Firmware and devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM is not available on this host: the VM can only be EMULATED, many times slower than normal. Check that virtualization is enabled in the firmware and the kvm module is loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>KVM (hardware virtualization)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU emulation (slow)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test driver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtualization:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>q35 (PCI Express)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>i440FX (PC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine type:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI (OVMF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure Boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TPM 2.0 (emulated by swtpm)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security chip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paravirtualized virtio devices (fast)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Devices:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI firmware on the host: %1. Graphics: VNC; a serial console is added.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ForceOffDialog</name>
    <message>
        <source>Force Off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Force off “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Force off %n virtual machines?</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>This turns the virtual machine off immediately, like pulling the power plug. Data the guest has not saved is lost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This turns the virtual machines off immediately, like pulling the power plug. Data the guests have not saved is lost.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About kvmdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk on the &amp;web</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HostInterfaceTreeModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ethernet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bond</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VLAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STP on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STP off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>delay %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VLAN %1 on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not configured persistently</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HostInterfacesWindow</name>
    <message>
        <source>Host interfaces — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(opening…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which service applies changes on this host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm changes within:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New bond…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New bridge…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New VLAN…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host network operation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unavailable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The backend does not describe this bond&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot change %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The bond was removed meanwhile; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bond %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Primary port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LACP rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transmit hash policy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge for virtual machines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InterfaceDialog</name>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>IpConfigBox</name>
    <message>
        <source>No IPv4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Static address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Automatic (SLAAC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCPv6 only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link-local only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv4:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address/prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6 address/prefix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IPv6 gateway:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MTU:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language not saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk could not save the language: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk follows the system&apos;s language from its next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk speaks %1 from its next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LinkMonitorBox</name>
    <message>
        <source>Link monitoring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MII</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>netif (driver&apos;s carrier state)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ioctl (MII/ethtool)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down delay:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds a single ARP target.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to %1 target addresses, separated by commas.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up and down delays must be multiples of the MII interval.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ARP monitoring does not work in %1 mode</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>kvmdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shut &amp;down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reboot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Force off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>R&amp;esume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add connection…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual &amp;networks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host interfaces…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings of the selected VM (Ctrl+Shift+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New VM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;torage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;napshots…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the VM&apos;s console (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All states</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Virtual machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 virtual machines · %2 running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 virtual machines shown · %3 of them running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect automatically at start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Virtual networks…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host interfaces…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MemoryPage</name>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared memory (memfd)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current memory is what the balloon lets the guest use; it changes live up to the maximum. Shared folders (virtiofs) need shared memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running now with %1 of %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModeCards</name>
    <message>
        <source>Private network behind the host; VMs reach out, LAN can&apos;t reach in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM joins the host&apos;s LAN as a machine of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs and the host only, no way out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VMs see only each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host routes the VMs&apos; subnet without NAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routed, and libvirt adds no firewall rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM directly on a physical NIC; the host can&apos;t reach it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No setup, no root: the VM shares the host&apos;s connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIC stays, its cable is unplugged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM → host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host → VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM → other hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other hosts → VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM ↔ VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>router</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user stack</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkDialog</name>
    <message>
        <source>Edit network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand out addresses with DHCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any host interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start when the host boots</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward through:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No free subnet is left in the configured pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host bridge:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an existing host bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chosen by libvirt (virbrN)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a subnet is needed for this mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network is running: these changes take effect when it restarts (guests on it lose connectivity briefly).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mode %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>subnet %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host address %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bridge %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>forwarding through %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved changes wait for the network to restart. It runs with: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkMode</name>
    <message>
        <source>NAT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host-only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Routed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macvtap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the VM is connected; you can change it later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No network interface</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NetworkTableModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewVmWizard</name>
    <message>
        <source>New Virtual Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, Secure Boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, TPM 2.0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs / memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the imported image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copying the file into the pool…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creating the disk…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writing the cloud-init seed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Defining the VM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the VM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Taking the install media out of the boot order…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NicBacking</name>
    <message>
        <source>(on %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hand out addresses by DHCP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A free subnet from the pool; change it if you like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every subnet of the pool is in use: enter one that is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnet:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An internal network has no address on the host and no DHCP: give the guests static addresses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the DHCP range needs a start and an end address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — host bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no host bridge and no bridge-mode network on this connection. Create a bridge on the host (for example br0 over the wired NIC) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — host device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host device:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bridge — VMs on the same device see each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>vepa — all traffic goes through the external switch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private — VMs never see each other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passthrough — the VM owns the device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macvtap mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host and this VM cannot talk to each other over macvtap: traffic leaves through the device without passing the host&apos;s own network stack.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No host network device or macvtap network was found to attach macvtap to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default (QEMU&apos;s built-in slirp)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Faster, with IPv6 and port forwards; needs passt on the host and libvirt 9.2 or later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM reaches out through the host&apos;s own connections; nothing reaches the VM without a port forward. This is the natural choice for a user session: it needs no root.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM reaches out through the host&apos;s own connections; nothing reaches the VM without a port forward.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIC stays in the VM and its link goes down, like an unplugged cable. What it was connected to is kept: choose a mode again to plug it back in.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NicDialog</name>
    <message>
        <source>Add the NIC in a mode first, then unplug it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Network Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network Interface %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(hypervisor default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new random address in 52:54:00:xx:xx:xx</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link up (virtual cable plugged in)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link state:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port group:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a mode for this interface.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is a user session connection: %1 needs privileges it usually lacks (a system network, or qemu-bridge-helper for bridges). User-mode works without them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User-mode NICs are slow and cannot be reached from the host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(network default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also used by %1 on this connection: the two NICs would clash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose a mode for this interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the NIC needs a MAC address (press Generate for a new one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>another NIC of this VM already has MAC %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network %1 is stopped: it is started first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is running, and this connection cannot change a running VM&apos;s interfaces: the change is saved and takes effect after the VM restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The NIC is plugged into the running VM now and kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model/MAC changes take effect after restart: the change is saved now and the running VM keeps its NIC as it is until then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is running and its %1 cannot change while it runs: the change is saved now and takes effect after restart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The change applies to the running VM now and is kept.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NicEditing</name>
    <message>
        <source>Could not make the running settings of “%1” permanent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not revert the running interfaces of “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart Virtual Machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart “%1” now?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest is asked to shut down and is started again once it is off, so that the changes saved in its configuration take effect. Unsaved work in the guest is lost if its programs do not save it on shutdown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not restart %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Network Interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the network interface %1 from “%2”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM is running: the NIC is unplugged now where the hypervisor can, otherwise it goes when the VM restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot edit the network interface</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no NIC with MAC %2 any more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add a network interface to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the network interface of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network interface of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network %1 created for this interface is still there and could not be deleted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network %1 created for this interface was deleted again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not remove the network interface of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NicTableModel</name>
    <message>
        <source>MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2 after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Port group: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macvtap mode: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host device: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network %1 is not defined on this connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The virtual cable is unplugged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes effect after restart: the change is saved in the configuration; the running VM still has the NIC as shown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NicsPage</name>
    <message>
        <source>Network interfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Notification</name>
    <message numerus="yes">
        <source>Show all %n</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss notification</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OsPage</name>
    <message>
        <source>Which operating system?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected from the ISO where possible; the defaults of the next pages follow it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type to filter, e.g. debian, windows, fedora</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This ISO could also be %1: the media of these releases look alike. Check and pick the right one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not detected: choose the operating system.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OS database (osinfo-db) is from %1: newer systems are not in it. Pick the closest family, e.g. “Generic Linux 2022” or “Microsoft Windows 11”.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OtherDevicesPage</name>
    <message>
        <source>Other devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the selected device the model shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A random-number generator is plugged into a running VM at once; the other devices take effect at the next start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Graphics</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TPM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random-number generator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start when the host starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Machine:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Firmware and machine type are fixed when the VM is created: the guest&apos;s operating system was installed on that virtual hardware, and changing it can leave the guest unable to boot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BIOS (the hypervisor&apos;s default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the hypervisor&apos;s default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A running VM cannot be renamed; shut it down first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RecoveryOffers</name>
    <message>
        <source>Done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not known whether done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
Finish it or undo it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave it as it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not finish: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResizeVolumeDialog</name>
    <message>
        <source>Resize %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow shrinking (data past the new end is lost)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The guest&apos;s partitions and file systems must be grown inside the guest.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Current size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New size:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResourcesPage</name>
    <message>
        <source>CPUs, memory and disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no running storage pool)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage pool:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has %1 CPUs and %2 of memory, %3 free now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestartBadge</name>
    <message>
        <source>Takes effect after restart: the change is saved in the configuration; the running VM keeps its current settings until it is restarted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RevertDialog</name>
    <message>
        <source>Revert to snapshot?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert %1 to snapshot “%2” of %3?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s current state since then is lost: everything written to its disks since %1, and what it is running now (its memory). This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s current state since then is lost: everything written to its disks since %1. This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afterwards the VM is %1, as it was then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Afterwards the VM is shut off, with its disks as they were then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshots taken after it are kept: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review and create</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain XML (first boot):</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SafeApplyFlow</name>
    <message>
        <source>Host network changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rolling back failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change rolled back after an error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change rolled back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenPage</name>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 frames/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the screen…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the screen (%1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The screen&apos;s connection ended: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s screen asks for a VNC password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server did not accept the password: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server did not accept the password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password was not accepted. Try again.
Password for the screen of this VM:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Password for the screen of this VM:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No password given: the screen stays closed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ScreenThumbnail</name>
    <message>
        <source>The VM&apos;s screen — click to open its console</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SecondaryWindow</name>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SectionPage</name>
    <message>
        <source>Revert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SerialPage</name>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to the serial console…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serial console cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial console · %1 × %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The serial console closed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console is not taking input as fast: some was dropped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial console · %1 × %2 (run “resize” in the guest to use it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot send a break: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shared folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host USB devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Other devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not change the settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the disk %1 from this VM? Its file or volume stays.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New size of %1 (e.g. 20G; disks only grow):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert Media</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image file to insert into %1:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharedFolderDialog</name>
    <message>
        <source>Add Shared Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mount tag:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the guest, run:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SharedFoldersPage</name>
    <message>
        <source>Shared folders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mount tag</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the guest, run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A shared folder is a host directory the guest mounts with virtiofs. It needs shared memory (turned on with the first folder) and takes effect at the next start; the guest mounts it with the command shown.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotFlows</name>
    <message>
        <source>Cannot clone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing of %1 was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloning %1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Nothing of the clone was kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linked clone %1 created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone %1 created</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotReason</name>
    <message>
        <source>The VM has no writable disk to snapshot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal snapshots need qcow2 disks; %1 is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External snapshots need file-backed disks; %1 is a %2 disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt refuses internal snapshots of VMs whose UEFI firmware keeps its variables in pflash (NVRAM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kvmdesk could not ask this host&apos;s libvirt whether it can do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The memory can only be saved while the VM is running or paused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot take disk-only snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot revert to external snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its image %1 is now the base of an external snapshot&apos;s overlay; changing it would corrupt that overlay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot delete external snapshots.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only the newest external snapshot can be merged; %1 has snapshots after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its parent %1 is internal: merging its overlay into an image that holds internal snapshots is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its overlay %1 is no longer the VM&apos;s disk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot delete external snapshots together with their children.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no snapshots after it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External, disks only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External, with memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored inside the VM&apos;s qcow2 disks, with the running VM&apos;s memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored inside the VM&apos;s qcow2 disks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New overlay files take the VM&apos;s writes; the current disk images become their read-only base. Memory is not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New overlay files for the disks, and the running VM&apos;s memory in a file.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotTreeModel</name>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running (disks only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Internal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>External</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SnapshotWindow</name>
    <message>
        <source>Snapshots — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take snapshot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revert to…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot operation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2). Snapshots it can take: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2). No snapshot can be taken of it on this host.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot revert to %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot delete %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot %1 taken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reverted to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Snapshot %1 deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory files kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No storage pool holds them, so kvmdesk left them: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>Where does the new VM come from?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Install from an ISO image (file or volume)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import an existing disk image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud image, configured with cloud-init</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network boot (PXE)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual: an empty disk, install later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/path/to/file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(a local file instead)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or a volume:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QEMU cannot read this file where it is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy it into the VM&apos;s storage pool (recommended)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use it where it is — I grant access myself with this command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO images (*.iso *.img);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud images (*.qcow2 *.img);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StorageLabels</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Used by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Building</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inaccessible</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk partition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LVM volume group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iSCSI target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Whole disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SCSI host adapter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multipath devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ceph RBD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ZFS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StorageModel</name>
    <message>
        <source>%1 used of %2, %3 free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backing file: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StorageWindow</name>
    <message>
        <source>Storage — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage pools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New pool…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete pool…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New volume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resize…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clone…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete volume…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Storage operation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a pool to see its volumes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is stopped: start it to see its volumes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volumes in “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading %1 into %2/%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The upload stopped; %1 holds part of the file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was kept: the volume %1 was removed again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading %1/%2 to %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was kept: the partial file was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 saved as %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TerminalView</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;all</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UploadDialog</name>
    <message>
        <source>Upload into %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an ISO or disk image on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Into a new volume named:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replace the data of “%1” (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk images and ISOs (*.iso *.img *.qcow2 *.raw)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, free in the pool: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>choose the file to upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is larger than the volume %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pool %1 has not enough free space for this file</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsageGraphs</name>
    <message>
        <source>Performance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No figures yet: the VM is not running or not sampled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read %1 · write %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 · out %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UsbPage</name>
    <message>
        <source>Host USB devices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bus / device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host has no USB devices to give.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detach</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An attached device belongs to the VM while it runs: the host cannot use it meanwhile. A running VM gets it at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VirtualNetworksWindow</name>
    <message>
        <source>Virtual networks — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network operation failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the virtual network “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These running virtual machines lose their connection on it until the network is started again: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DHCP range</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start at boot</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the network %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 uses the new settings after it is restarted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the virtual network “%1”?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These virtual machines have a network card on it and lose it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VlanDialog</name>
    <message>
        <source>New VLAN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent interface:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VLAN id:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP configuration of the VLAN</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VmConsoleTab</name>
    <message>
        <source>Screen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM no longer exists</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VmCreationFlow</name>
    <message>
        <source>Cannot create a VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to %1 first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The network %1 made for it was removed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>defined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was created and %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>VncView</name>
    <message>
        <source>The VNC server closed the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server stopped answering in the middle of a message (%1 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The other side is not a VNC server (it greeted with %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server speaks RFB %1, which is not supported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server refused the connection: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server offers no supported security type (offered: %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC authentication failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server sent an invalid security result (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server announced a %1×%2 screen, larger than kvmdesk accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server sent a rectangle %1 outside its %2×%3 screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server used encoding %1, which kvmdesk did not ask for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server sent an unknown message type %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server sent malformed data: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC server sent %1 of %2 bytes, more than kvmdesk accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection to the VNC server failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Ctrl+Alt to release the keyboard. The desktop keeps its own shortcuts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Ctrl+Alt to release the keyboard.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1: started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: shutdown requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: reboot requested</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: destroyed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: suspended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: resumed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: undefined</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VCPUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MEMORY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NICS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM -&gt; host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host -&gt; VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM -&gt; other hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>other hosts -&gt; VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VM &lt;-&gt; VM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MODE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BRIDGE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SUBNETS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>AUTOSTART</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DOMAINS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: deleted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: autostart on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: autostart off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DIRECTION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REASON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MAC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LINK</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <source>The VM is not running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM has no graphics device — add one in its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s display is SPICE; kvmdesk shows VNC — change the graphics type to VNC in its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s display (%1) is shown on its host, not over the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The test driver&apos;s VMs have no screen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC listens nowhere (listen type “none”): only a local connection reaches it. Let it listen on 127.0.0.1 in its settings, and kvmdesk tunnels through ssh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC listens on %1 of a remote host: connect with qemu+ssh:// and kvmdesk tunnels through ssh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC listens on the unix socket %1 of a remote host: connect with qemu+ssh:// and kvmdesk tunnels through ssh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VNC port is not known yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VNC listens on network %1, which gives it no address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This connection is read-only, so libvirt hands over no socket to the screen, and VNC listens nowhere else (listen type “none”). Connect read-write, or let VNC listen on 127.0.0.1 in the VM&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s description cannot be read: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM has no serial console — add a serial port in its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The VM&apos;s serial port writes to %1 (type %2), so it has no interactive console — make it a pseudo-terminal (pty) in its settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local socket from libvirt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ssh tunnel to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct to %1 (read-only connection: libvirt hands over no socket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>direct to %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
