<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About kvmdesk</source>
        <translation>关于 kvmdesk</translation>
    </message>
    <message>
        <source>kvmdesk %1</source>
        <translation>kvmdesk %1</translation>
    </message>
    <message>
        <source>A desktop manager for KVM virtual machines on Linux.</source>
        <translation>Linux 上 KVM 虚拟机的桌面管理工具。</translation>
    </message>
    <message>
        <source>libvirt %1 · Qt %2 · PySide6 %3</source>
        <translation>libvirt %1 · Qt %2 · PySide6 %3</translation>
    </message>
    <message>
        <source>Licensed under %1.</source>
        <translation>以 %1 许可发布。</translation>
    </message>
    <message>
        <source>How it works and how to use it: %1</source>
        <translation>工作原理与使用方法：%1</translation>
    </message>
    <message>
        <source>the README</source>
        <translation>README 说明</translation>
    </message>
</context>
<context>
    <name>AddConnectionDialog</name>
    <message>
        <source>Add Connection</source>
        <translation>添加连接</translation>
    </message>
    <message>
        <source>QEMU/KVM (system)</source>
        <translation>QEMU/KVM（系统）</translation>
    </message>
    <message>
        <source>QEMU/KVM (user session)</source>
        <translation>QEMU/KVM（用户会话）</translation>
    </message>
    <message>
        <source>Test driver</source>
        <translation>测试驱动</translation>
    </message>
    <message>
        <source>Other (type the URI below)</source>
        <translation>其他（在下方输入 URI）</translation>
    </message>
    <message>
        <source>Local (this computer)</source>
        <translation>本地（本机）</translation>
    </message>
    <message>
        <source>SSH</source>
        <translation>SSH</translation>
    </message>
    <message>
        <source>TLS (certificates)</source>
        <translation>TLS（证书）</translation>
    </message>
    <message>
        <source>TCP (unencrypted, SASL)</source>
        <translation>TCP（不加密，SASL）</translation>
    </message>
    <message>
        <source>as in your ssh config</source>
        <translation>与 ssh 配置相同</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>主机名或 IP 地址</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>optional: ssh&apos;s own keys and agent</source>
        <translation>可选：使用 ssh 自己的密钥和代理</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>optional: the daemon&apos;s socket on the host</source>
        <translation>可选：主机上守护进程的套接字</translation>
    </message>
    <message>
        <source>Do not verify the host (no_verify: accepts any host key or certificate)</source>
        <translation>不验证主机（no_verify：接受任何主机密钥或证书）</translation>
    </message>
    <message>
        <source>Connect automatically at start</source>
        <translation>启动时自动连接</translation>
    </message>
    <message>
        <source>kvmdesk was started with --demo or --connect: a connection added now is not saved and is gone when kvmdesk quits.</source>
        <translation>kvmdesk 以 --demo 或 --connect 启动：现在添加的连接不会保存，kvmdesk 退出后即消失。</translation>
    </message>
    <message>
        <source>I trust this program: let kvmdesk run it for this connection</source>
        <translation>我信任此程序：允许 kvmdesk 为此连接运行它</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>&amp;Test Connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Hypervisor:</source>
        <translation>虚拟化管理程序(&amp;H)：</translation>
    </message>
    <message>
        <source>T&amp;ransport:</source>
        <translation>传输方式(&amp;R)：</translation>
    </message>
    <message>
        <source>U&amp;ser:</source>
        <translation>用户(&amp;S)：</translation>
    </message>
    <message>
        <source>H&amp;ost:</source>
        <translation>主机(&amp;O)：</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>密钥文件(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Socket:</source>
        <translation>套接字(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;URI:</source>
        <translation>URI(&amp;U)：</translation>
    </message>
    <message>
        <source>SASL user name (optional)</source>
        <translation>SASL 用户名（可选）</translation>
    </message>
    <message>
        <source>SSH private key</source>
        <translation>SSH 私钥</translation>
    </message>
    <message>
        <source>Cancel &amp;Test</source>
        <translation>取消测试(&amp;T)</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation>测试已取消。</translation>
    </message>
    <message>
        <source>Cannot connect: %1</source>
        <translation>无法连接：%1</translation>
    </message>
    <message>
        <source>Connected to %1 (%2, libvirt %3).</source>
        <translation>已连接到 %1（%2，libvirt %3）。</translation>
    </message>
    <message>
        <source>This connection is already in the list</source>
        <translation>此连接已在列表中</translation>
    </message>
    <message>
        <source>Opening this connection makes libvirt run the following program. Add it only if you trust the program and know what it does.</source>
        <translation>打开此连接会让 libvirt 运行下面的程序。只有在您信任该程序并了解其作用时才添加。</translation>
    </message>
    <message>
        <source>Opening this connection makes libvirt run the following programs. Add it only if you trust them and know what they do.</source>
        <translation>打开此连接会让 libvirt 运行下面这些程序。只有在您信任它们并了解其作用时才添加。</translation>
    </message>
    <message>
        <source>I trust these programs: let kvmdesk run them for this connection</source>
        <translation>我信任这些程序：允许 kvmdesk 为此连接运行它们</translation>
    </message>
    <message>
        <source>(none given)</source>
        <translation>（未指定）</translation>
    </message>
    <message>
        <source>%1 — on this computer (libvirt&apos;s ext transport)</source>
        <translation>%1 — 在本机上（libvirt 的 ext 传输）</translation>
    </message>
    <message>
        <source>%1 — the helper started on the remote host (proxy=)</source>
        <translation>%1 — 在远程主机上启动的辅助程序（proxy=）</translation>
    </message>
    <message>
        <source>%1 — on this computer, as you (%2=)</source>
        <translation>%1 — 在本机上，以您的身份（%2=）</translation>
    </message>
    <message>
        <source>%1 — on the remote host (%2=)</source>
        <translation>%1 — 在远程主机上（%2=）</translation>
    </message>
</context>
<context>
    <name>AddDiskDialog</name>
    <message>
        <source>Add Disk</source>
        <translation>添加磁盘</translation>
    </message>
    <message>
        <source>An existing file or device</source>
        <translation>已有的文件或设备</translation>
    </message>
    <message>
        <source>An existing volume in a pool</source>
        <translation>存储池中已有的卷</translation>
    </message>
    <message>
        <source>A new volume in a pool</source>
        <translation>存储池中的新卷</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>CD-ROM</source>
        <translation>光驱</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Pool:</source>
        <translation>存储池：</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>卷：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation>总线：</translation>
    </message>
    <message>
        <source>Cache mode:</source>
        <translation>缓存模式：</translation>
    </message>
</context>
<context>
    <name>BondDialog</name>
    <message>
        <source>this backend</source>
        <translation>此后端</translation>
    </message>
    <message>
        <source>Edit bond %1</source>
        <translation>编辑网卡绑定 %1</translation>
    </message>
    <message>
        <source>New bond</source>
        <translation>新建网卡绑定</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Free ethernet interfaces; at least one, two or more for fault tolerance.</source>
        <translation>空闲的以太网接口；至少一个，容错需要两个或更多。</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Primary port:</source>
        <translation>主端口：</translation>
    </message>
    <message>
        <source>802.3ad and hashing</source>
        <translation>802.3ad 与哈希</translation>
    </message>
    <message>
        <source>default (slow)</source>
        <translation>默认（slow）</translation>
    </message>
    <message>
        <source>default (layer2)</source>
        <translation>默认（layer2）</translation>
    </message>
    <message>
        <source>LACP rate:</source>
        <translation>LACP 速率：</translation>
    </message>
    <message>
        <source>Transmit hash policy:</source>
        <translation>发送哈希策略：</translation>
    </message>
    <message>
        <source>%1 cannot set the LACP rate or transmit hash policy; the kernel&apos;s defaults apply.</source>
        <translation>%1 无法设置 LACP 速率或发送哈希策略；使用内核默认值。</translation>
    </message>
    <message>
        <source>Use for virtual machines</source>
        <translation>用于虚拟机</translation>
    </message>
    <message>
        <source>Creates a bridge over the bond; virtual machines attach to it in Bridged mode. The IP configuration moves to the bridge.</source>
        <translation>在网卡绑定之上创建网桥；虚拟机以桥接模式连接到它。IP 配置移到网桥上。</translation>
    </message>
    <message>
        <source>Bridge:</source>
        <translation>网桥：</translation>
    </message>
    <message>
        <source>IP configuration</source>
        <translation>IP 配置</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>works with any switch, nothing to configure</source>
        <translation>适用于任何交换机，无需配置</translation>
    </message>
    <message>
        <source>the switch ports must form a static port group (EtherChannel/trunk, no LACP)</source>
        <translation>交换机端口必须组成静态端口组（EtherChannel/trunk，不用 LACP）</translation>
    </message>
    <message>
        <source>the switch ports must run LACP (802.3ad)</source>
        <translation>交换机端口必须运行 LACP（802.3ad）</translation>
    </message>
    <message>
        <source>Load balancing: %1 · Fault tolerance: %2</source>
        <translation>负载均衡：%1 · 容错：%2</translation>
    </message>
    <message>
        <source>Switch: %1</source>
        <translation>交换机：%1</translation>
    </message>
    <message>
        <source>%1 has no primary port.</source>
        <translation>%1 没有主端口。</translation>
    </message>
    <message>
        <source>%1 cannot set a primary port in %2 mode.</source>
        <translation>%1 无法在 %2 模式下设置主端口。</translation>
    </message>
    <message>
        <source>libvirt makes the first port the primary; the chosen primary is put first.</source>
        <translation>libvirt 把第一个端口作为主端口；所选的主端口会排在最前。</translation>
    </message>
    <message>
        <source>Carries the traffic while its link is up.</source>
        <translation>链路正常时由它承载流量。</translation>
    </message>
    <message>
        <source>IP configuration of bridge %1</source>
        <translation>网桥 %1 的 IP 配置</translation>
    </message>
    <message>
        <source>IP configuration of %1</source>
        <translation>%1 的 IP 配置</translation>
    </message>
</context>
<context>
    <name>BondMode</name>
    <message>
        <source>Packets go out over each port in turn; the switch needs a static port group.</source>
        <translation>数据包轮流从每个端口发出；交换机需要静态端口组。</translation>
    </message>
    <message>
        <source>One port carries traffic, another takes over when it fails; works with any switch.</source>
        <translation>一个端口承载流量，它故障时由另一个接管；适用于任何交换机。</translation>
    </message>
    <message>
        <source>Each peer is sent over one port chosen by a hash; the switch needs a static port group.</source>
        <translation>每个对端按哈希选定一个端口发送；交换机需要静态端口组。</translation>
    </message>
    <message>
        <source>Every packet goes out over every port; the switch needs a static port group.</source>
        <translation>每个数据包都从所有端口发出；交换机需要静态端口组。</translation>
    </message>
    <message>
        <source>Ports are aggregated with the switch over LACP; the switch must have LACP on.</source>
        <translation>端口通过 LACP 与交换机聚合；交换机必须启用 LACP。</translation>
    </message>
    <message>
        <source>Outgoing traffic is spread by port load, incoming arrives on one port; works with any switch.</source>
        <translation>出站流量按端口负载分摊，入站流量从一个端口进入；适用于任何交换机。</translation>
    </message>
    <message>
        <source>Traffic in both directions is spread by port load (ARP negotiation); works with any switch.</source>
        <translation>双向流量都按端口负载分摊（ARP 协商）；适用于任何交换机。</translation>
    </message>
</context>
<context>
    <name>BootPage</name>
    <message>
        <source>Boot</source>
        <translation>引导</translation>
    </message>
    <message>
        <source>Boot order (checked devices, top first; drag to reorder)</source>
        <translation>引导顺序（勾选的设备，从上到下；拖动可调整顺序）</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Show the boot menu</source>
        <translation>显示引导菜单</translation>
    </message>
    <message>
        <source>Boot menu:</source>
        <translation>引导菜单：</translation>
    </message>
    <message>
        <source>none: boot from the devices above</source>
        <translation>无：从上面的设备引导</translation>
    </message>
    <message>
        <source>Kernel:</source>
        <translation>内核：</translation>
    </message>
    <message>
        <source>Initrd:</source>
        <translation>Initrd：</translation>
    </message>
    <message>
        <source>Kernel arguments:</source>
        <translation>内核参数：</translation>
    </message>
    <message>
        <source>Disk %1</source>
        <translation>磁盘 %1</translation>
    </message>
    <message>
        <source>CD-ROM %1</source>
        <translation>光驱 %1</translation>
    </message>
    <message>
        <source>Network %1</source>
        <translation>网络 %1</translation>
    </message>
</context>
<context>
    <name>BridgeDialog</name>
    <message>
        <source>New bridge</source>
        <translation>新建网桥</translation>
    </message>
    <message>
        <source>(no port: a bridge for virtual machines only)</source>
        <translation>（无端口：仅供虚拟机使用的网桥）</translation>
    </message>
    <message>
        <source>Spanning tree protocol (STP)</source>
        <translation>生成树协议（STP）</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Forward delay:</source>
        <translation>转发延迟：</translation>
    </message>
    <message>
        <source>IP configuration of the bridge</source>
        <translation>网桥的 IP 配置</translation>
    </message>
    <message>
        <source>The port&apos;s own IP configuration is replaced: the bridge carries the address.</source>
        <translation>端口自身的 IP 配置将被替换：由网桥承载地址。</translation>
    </message>
</context>
<context>
    <name>ChangePreviewDialog</name>
    <message>
        <source>Apply host network change</source>
        <translation>应用主机网络更改</translation>
    </message>
    <message>
        <source>This will change the host&apos;s network:</source>
        <translation>这将更改主机的网络：</translation>
    </message>
    <message>
        <source>%1 carries this connection&apos;s own traffic: you may lose the connection. If you cannot confirm the change in time, it is rolled back.</source>
        <translation>%1 承载本连接自身的流量：您可能会断开连接。如果未能及时确认更改，它将被回滚。</translation>
    </message>
    <message>
        <source>%1 carry this connection&apos;s own traffic: you may lose the connection. If you cannot confirm the change in time, it is rolled back.</source>
        <translation>%1 承载本连接自身的流量：您可能会断开连接。如果未能及时确认更改，它将被回滚。</translation>
    </message>
    <message>
        <source>These use the interfaces this changes and may lose their network:</source>
        <translation>以下对象使用本次更改涉及的接口，可能会断网：</translation>
    </message>
    <message>
        <source>The change is applied through %1, then you have %2 s to keep it; otherwise it is rolled back.</source>
        <translation>更改通过 %1 应用，之后您有 %2 秒决定是否保留；否则将回滚。</translation>
    </message>
    <message>
        <source>Settings (JSON)</source>
        <translation>设置（JSON）</translation>
    </message>
    <message>
        <source>Details: %1</source>
        <translation>详细信息：%1</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>VM %1: macvtap on %2</source>
        <translation>虚拟机 %1：macvtap 于 %2</translation>
    </message>
    <message>
        <source>VM %1: bridged on %2</source>
        <translation>虚拟机 %1：桥接到 %2</translation>
    </message>
    <message>
        <source>VM %1: on %2</source>
        <translation>虚拟机 %1：位于 %2</translation>
    </message>
    <message>
        <source>network %1: macvtap on %2</source>
        <translation>网络 %1：macvtap 于 %2</translation>
    </message>
    <message>
        <source>network %1: bridged on %2</source>
        <translation>网络 %1：桥接到 %2</translation>
    </message>
    <message>
        <source>network %1: forwards through %2</source>
        <translation>网络 %1：经由 %2 转发</translation>
    </message>
</context>
<context>
    <name>CloneDialog</name>
    <message>
        <source>Clone %1</source>
        <translation>克隆 %1</translation>
    </message>
    <message>
        <source>&amp;Name of the clone:</source>
        <translation>克隆的名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Full clone</source>
        <translation>完整克隆(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Linked clone</source>
        <translation>链接克隆(&amp;L)</translation>
    </message>
    <message>
        <source>Every writable disk is copied into a new volume in its pool. The clone is independent of %1.</source>
        <translation>每个可写磁盘都会复制到其存储池中的新卷。克隆与 %1 相互独立。</translation>
    </message>
    <message>
        <source>Each disk of the clone is a new qcow2 file whose backing file is %1&apos;s disk: quick and small. %1&apos;s disks must then stay unchanged: do not start %1, revert or merge its snapshots, or delete it while the clone is in use. The clone is marked as linked.</source>
        <translation>克隆的每个磁盘都是一个新的 qcow2 文件，其后备文件是 %1 的磁盘：快速且占用小。之后 %1 的磁盘必须保持不变：在使用克隆期间，不要启动 %1、不要恢复或合并它的快照，也不要删除它。克隆会被标记为链接克隆。</translation>
    </message>
    <message>
        <source>The clone gets a new UUID and new MAC addresses. Read-only and shareable disks (installation media) stay shared; UEFI variables are copied.</source>
        <translation>克隆会获得新的 UUID 和新的 MAC 地址。只读和可共享的磁盘（安装介质）保持共享；UEFI 变量会被复制。</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
</context>
<context>
    <name>CloneProgressDialog</name>
    <message>
        <source>Cloning %1</source>
        <translation>正在克隆 %1</translation>
    </message>
    <message>
        <source>linked clone</source>
        <translation>链接克隆</translation>
    </message>
    <message>
        <source>full clone</source>
        <translation>完整克隆</translation>
    </message>
    <message>
        <source>Making %1, a %2 of %3.</source>
        <translation>正在创建 %1，%3 的%2。</translation>
    </message>
    <message>
        <source>%1: copied to %2</source>
        <translation>%1：已复制到 %2</translation>
    </message>
    <message>
        <source>%1: new overlay %2 on the original</source>
        <translation>%1：在原磁盘上新建覆盖层 %2</translation>
    </message>
    <message>
        <source>%1: shared (read-only or shareable)</source>
        <translation>%1：共享（只读或可共享）</translation>
    </message>
    <message>
        <source>%1: empty drive</source>
        <translation>%1：空驱动器</translation>
    </message>
    <message>
        <source>UEFI variables: copied to %1</source>
        <translation>UEFI 变量：已复制到 %1</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Cancelling after the current disk; what was made is removed…</source>
        <translation>当前磁盘完成后取消；已创建的内容将被删除…</translation>
    </message>
    <message>
        <source>Copying %1 (%2 of %3)…</source>
        <translation>正在复制 %1（第 %2 个，共 %3 个）…</translation>
    </message>
    <message>
        <source>Defining the clone…</source>
        <translation>正在定义克隆…</translation>
    </message>
</context>
<context>
    <name>CloneVolumeDialog</name>
    <message>
        <source>Clone %1</source>
        <translation>克隆 %1</translation>
    </message>
    <message>
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Pool:</source>
        <translation>存储池：</translation>
    </message>
    <message>
        <source>Copies %1 of data.</source>
        <translation>复制 %1 的数据。</translation>
    </message>
    <message>
        <source>no running pool to copy the volume into</source>
        <translation>没有运行中的存储池可复制该卷</translation>
    </message>
</context>
<context>
    <name>CloudInitPage</name>
    <message>
        <source>Cloud-init</source>
        <translation>Cloud-init</translation>
    </message>
    <message>
        <source>Written to a small “cidata” ISO in the pool; it stays there, so the VM finds it at every boot.</source>
        <translation>写入存储池中一个小的“cidata” ISO；它会保留在那里，虚拟机每次引导都能找到它。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>only its hash is written</source>
        <translation>只写入其哈希值</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>ssh-ed25519 AAAA… (one key a line)</source>
        <translation>ssh-ed25519 AAAA…（每行一个密钥）</translation>
    </message>
    <message>
        <source>SSH public keys:</source>
        <translation>SSH 公钥：</translation>
    </message>
    <message>
        <source>the VM&apos;s name</source>
        <translation>虚拟机的名称</translation>
    </message>
    <message>
        <source>Host name:</source>
        <translation>主机名：</translation>
    </message>
    <message>
        <source>Extra user-data:</source>
        <translation>额外的 user-data：</translation>
    </message>
</context>
<context>
    <name>ConfirmChangeDialog</name>
    <message>
        <source>Keep the change?</source>
        <translation>保留此更改？</translation>
    </message>
    <message>
        <source>Applied: %1. Is the host still reachable as it should be?</source>
        <translation>已应用：%1。主机是否仍能按预期访问？</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>No answer: rolling back…</source>
        <translation>无应答：正在回滚…</translation>
    </message>
    <message>
        <source>The change is rolled back in %1 s unless you keep it.</source>
        <translation>除非您选择保留，更改将在 %1 秒后回滚。</translation>
    </message>
</context>
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Question from %1</source>
        <translation>来自 %1 的问题</translation>
    </message>
</context>
<context>
    <name>ConflictDialog</name>
    <message>
        <source>Changed Elsewhere</source>
        <translation>已在别处更改</translation>
    </message>
    <message>
        <source>While you were editing %1, another program changed the same settings. Your other changes are kept either way. For each setting below, choose whose value to keep.</source>
        <translation>在您编辑 %1 时，另一个程序更改了相同的设置。无论如何，您的其他更改都会保留。请为下面每项设置选择保留谁的值。</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>When you opened it</source>
        <translation>您打开时的值</translation>
    </message>
    <message>
        <source>Changed elsewhere to</source>
        <translation>在别处改为</translation>
    </message>
    <message>
        <source>Your change</source>
        <translation>您的更改</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Keep theirs</source>
        <translation>保留对方的</translation>
    </message>
    <message>
        <source>Use mine</source>
        <translation>使用我的</translation>
    </message>
</context>
<context>
    <name>Connection</name>
    <message>
        <source>Test driver (%1)</source>
        <translation>测试驱动（%1）</translation>
    </message>
    <message>
        <source>%1 (system)</source>
        <translation>%1（系统）</translation>
    </message>
    <message>
        <source>%1 (user session)</source>
        <translation>%1（用户会话）</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Demo (test driver)</source>
        <translation>演示（测试驱动）</translation>
    </message>
</context>
<context>
    <name>ConnectionDiagnosis</name>
    <message>
        <source>Not allowed to manage the system&apos;s VMs</source>
        <translation>无权管理系统虚拟机</translation>
    </message>
    <message>
        <source>libvirt is not running on this computer</source>
        <translation>本机未运行 libvirt</translation>
    </message>
    <message>
        <source>The system&apos;s VMs (qemu:///system) are managed by members of the libvirt group, and %1 is not one yet. Add yourself to the group with the command below, then log out and back in (group membership is read at login). Until then, the demo shows what kvmdesk does.</source>
        <translation>系统虚拟机（qemu:///system）由 libvirt 组的成员管理，而 %1 尚未加入该组。请用下面的命令把自己加入该组，然后注销并重新登录（组成员身份在登录时读取）。在此之前，可以先用演示了解 kvmdesk 的功能。</translation>
    </message>
    <message>
        <source>No libvirt daemon answers: it is not installed or not started. On %1, install and start it with the commands below, then connect again. Until then, the demo shows what kvmdesk does.</source>
        <translation>没有 libvirt 守护进程应答：它未安装或未启动。在 %1 上，请用下面的命令安装并启动它，然后重新连接。在此之前，可以先用演示了解 kvmdesk 的功能。</translation>
    </message>
</context>
<context>
    <name>ConnectionState</name>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>正在重新连接…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Cancel connecting</source>
        <translation>取消连接</translation>
    </message>
    <message>
        <source>Stop reconnecting</source>
        <translation>停止重新连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
</context>
<context>
    <name>ConnectionSummary</name>
    <message>
        <source>Virtual machines</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>Total:</source>
        <translation>总数：</translation>
    </message>
    <message>
        <source>Running:</source>
        <translation>运行中：</translation>
    </message>
    <message>
        <source>Paused:</source>
        <translation>已暂停：</translation>
    </message>
    <message>
        <source>Shut off:</source>
        <translation>已关机：</translation>
    </message>
    <message>
        <source>Other:</source>
        <translation>其他：</translation>
    </message>
    <message>
        <source>Virtual networks:</source>
        <translation>虚拟网络：</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>CPUs:</source>
        <translation>CPU：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Hypervisor:</source>
        <translation>虚拟化管理程序：</translation>
    </message>
    <message>
        <source>Select a virtual machine to see its details.</source>
        <translation>选择一台虚拟机以查看其详细信息。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1 active of %2</source>
        <translation>%2 个中 %1 个已启用</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 (%2 free)</source>
        <translation>%1（空闲 %2）</translation>
    </message>
</context>
<context>
    <name>ConnectionTreeModel</name>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>%1 · 1 domain</source>
        <translation>%1 · 1 个虚拟机</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %n domains</source>
        <translation>
            <numerusform>%1 · %n 个虚拟机</numerusform>
        </translation>
    </message>
    <message>
        <source>active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>inactive</source>
        <translation>非活动</translation>
    </message>
    <message>
        <source>Bridge: %1</source>
        <translation>网桥：%1</translation>
    </message>
    <message>
        <source>Storage · %1</source>
        <translation>存储 · %1</translation>
    </message>
    <message>
        <source>Storage · %1 · %2% used</source>
        <translation>存储 · %1 · 已用 %2%</translation>
    </message>
</context>
<context>
    <name>ConnectionUri</name>
    <message>
        <source>connection URI is empty</source>
        <translation>连接 URI 为空</translation>
    </message>
    <message>
        <source>connection URI is not valid UTF-8 (at character %1): %2</source>
        <translation>连接 URI 不是有效的 UTF-8（第 %1 个字符处）：%2</translation>
    </message>
    <message>
        <source>connection URI longer than %1 characters</source>
        <translation>连接 URI 超过 %1 个字符</translation>
    </message>
    <message>
        <source>not a libvirt URI (expected driver[+transport]://…): %1</source>
        <translation>不是 libvirt URI（应为 driver[+transport]://…）：%1</translation>
    </message>
    <message>
        <source>not a libvirt URI scheme: %1</source>
        <translation>不是 libvirt URI 方案：%1</translation>
    </message>
    <message>
        <source>no libvirt driver for &quot;%1&quot; (known: %2, …)</source>
        <translation>没有对应“%1”的 libvirt 驱动（已知：%2 等）</translation>
    </message>
    <message>
        <source>no libvirt transport &quot;%1&quot; in &quot;%2&quot; (known: %3)</source>
        <translation>“%2”中的 libvirt 传输方式“%1”未知（已知：%3）</translation>
    </message>
    <message>
        <source>a password in the connection URI is not supported (use an ssh key or agent): %1</source>
        <translation>不支持在连接 URI 中包含密码（请使用 ssh 密钥或代理）：%1</translation>
    </message>
    <message>
        <source>a credential (&quot;%1&quot;) in the connection URI is not supported: %2</source>
        <translation>不支持在连接 URI 中包含凭据（“%1”）：%2</translation>
    </message>
    <message>
        <source>unmatched &quot;[&quot; in the host of %1 (an IPv6 address is [::1])</source>
        <translation>%1 的主机部分中有未配对的“[”（IPv6 地址写作 [::1]）</translation>
    </message>
    <message>
        <source>not a libvirt URI host: text after &quot;]&quot; in %1</source>
        <translation>不是 libvirt URI 主机：%1 中“]”之后还有文字</translation>
    </message>
    <message>
        <source>not a libvirt URI host: &quot;[&quot; or &quot;]&quot; outside an IPv6 address in %1</source>
        <translation>不是 libvirt URI 主机：%1 中的“[”或“]”不在 IPv6 地址内</translation>
    </message>
    <message>
        <source>not a libvirt URI port: %1 in %2</source>
        <translation>不是 libvirt URI 端口：%2 中的 %1</translation>
    </message>
</context>
<context>
    <name>Connectivity</name>
    <message>
        <source>The host has an address on the network&apos;s bridge (the VM&apos;s gateway).</source>
        <translation>主机在该网络的网桥上有地址（即虚拟机的网关）。</translation>
    </message>
    <message>
        <source>The host routes to the virtual subnet directly (unlike VirtualBox NAT).</source>
        <translation>主机直接路由到虚拟子网（与 VirtualBox 的 NAT 不同）。</translation>
    </message>
    <message>
        <source>Outgoing traffic is masqueraded behind the host&apos;s address.</source>
        <translation>出站流量伪装成主机的地址（地址伪装）。</translation>
    </message>
    <message>
        <source>Other hosts reach the VM only through a port forward (DNAT rule) on the host.</source>
        <translation>其他主机只能通过主机上的端口转发（DNAT 规则）访问虚拟机。</translation>
    </message>
    <message>
        <source>VMs on the same NAT network share its bridge.</source>
        <translation>同一 NAT 网络上的虚拟机共享其网桥。</translation>
    </message>
    <message>
        <source>The VM is on the host&apos;s LAN segment, like another machine.</source>
        <translation>虚拟机位于主机所在的局域网网段，就像另一台机器。</translation>
    </message>
    <message>
        <source>The host reaches the VM over the bridge that carries its own address.</source>
        <translation>主机通过承载自身地址的网桥访问虚拟机。</translation>
    </message>
    <message>
        <source>The VM gets its own address on the LAN.</source>
        <translation>虚拟机在局域网上获得自己的地址。</translation>
    </message>
    <message>
        <source>The VM is a peer on the LAN; no forwarding is needed.</source>
        <translation>虚拟机是局域网上的对等节点；无需转发。</translation>
    </message>
    <message>
        <source>VMs on the same bridge see each other directly.</source>
        <translation>同一网桥上的虚拟机可直接互访。</translation>
    </message>
    <message>
        <source>The host has an address on the isolated network&apos;s bridge.</source>
        <translation>主机在该隔离网络的网桥上有地址。</translation>
    </message>
    <message>
        <source>The host reaches the VMs over that bridge.</source>
        <translation>主机通过该网桥访问虚拟机。</translation>
    </message>
    <message>
        <source>No forwarding: libvirt&apos;s firewall rules reject routed traffic.</source>
        <translation>不转发：libvirt 的防火墙规则拒绝路由流量。</translation>
    </message>
    <message>
        <source>No forwarding into the isolated network.</source>
        <translation>不向隔离网络内转发。</translation>
    </message>
    <message>
        <source>VMs on the same network share its bridge.</source>
        <translation>同一网络上的虚拟机共享其网桥。</translation>
    </message>
    <message>
        <source>The host has no address on this network.</source>
        <translation>主机在此网络上没有地址。</translation>
    </message>
    <message>
        <source>No forwarding and no gateway.</source>
        <translation>不转发，也没有网关。</translation>
    </message>
    <message>
        <source>Guests see each other only; without DHCP they need static addresses.</source>
        <translation>客户机之间只能互相看到；没有 DHCP 时需要静态地址。</translation>
    </message>
    <message>
        <source>The host has an address on the network&apos;s bridge.</source>
        <translation>主机在该网络的网桥上有地址。</translation>
    </message>
    <message>
        <source>The host routes to the virtual subnet.</source>
        <translation>主机路由到虚拟子网。</translation>
    </message>
    <message>
        <source>Packets leave unmasqueraded: other hosts need a route back to the subnet via this host.</source>
        <translation>数据包不经地址伪装发出：其他主机需要经由本主机回到该子网的路由。</translation>
    </message>
    <message>
        <source>Other hosts (or the LAN router) need a route to the subnet via this host.</source>
        <translation>其他主机（或局域网路由器）需要经由本主机到该子网的路由。</translation>
    </message>
    <message>
        <source>libvirt adds no firewall rules: the host&apos;s own firewall and a route back decide.</source>
        <translation>libvirt 不添加防火墙规则：由主机自身的防火墙和回程路由决定。</translation>
    </message>
    <message>
        <source>Needs a route to the subnet via this host and a host firewall that allows it.</source>
        <translation>需要经由本主机到该子网的路由，以及允许此流量的主机防火墙。</translation>
    </message>
    <message>
        <source>Not over macvtap: traffic bypasses the host&apos;s own stack (use a second NIC or a host macvlan).</source>
        <translation>macvtap 下不行：流量绕过主机自身的协议栈（请使用第二块网卡或主机上的 macvlan）。</translation>
    </message>
    <message>
        <source>Not over macvtap: the host&apos;s interface cannot reach its own macvtap guests.</source>
        <translation>macvtap 下不行：主机的接口无法访问其自身的 macvtap 客户机。</translation>
    </message>
    <message>
        <source>The VM appears on the physical LAN with its own MAC.</source>
        <translation>虚拟机以自己的 MAC 地址出现在物理局域网上。</translation>
    </message>
    <message>
        <source>The VM is a peer on the physical LAN.</source>
        <translation>虚拟机是物理局域网上的对等节点。</translation>
    </message>
    <message>
        <source>In macvtap bridge mode; VEPA needs a hairpin switch, private mode never.</source>
        <translation>在 macvtap 的 bridge 模式下可以；VEPA 需要支持 hairpin 的交换机，private 模式永远不行。</translation>
    </message>
    <message>
        <source>Through the user-mode stack: the guest&apos;s gateway address maps to the host.</source>
        <translation>经由用户模式协议栈：客户机的网关地址映射到主机。</translation>
    </message>
    <message>
        <source>Only through port forwards (passt or slirp hostfwd).</source>
        <translation>只能通过端口转发（passt 或 slirp 的 hostfwd）。</translation>
    </message>
    <message>
        <source>Connections are made by the host process on the VM&apos;s behalf.</source>
        <translation>连接由主机进程代表虚拟机发起。</translation>
    </message>
    <message>
        <source>Only through port forwards on the host.</source>
        <translation>只能通过主机上的端口转发。</translation>
    </message>
    <message>
        <source>Every user-mode NIC is its own private network.</source>
        <translation>每个用户模式网卡都是一个独立的私有网络。</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Ctrl+Alt+Del</source>
        <translation>Ctrl+Alt+Del</translation>
    </message>
    <message>
        <source>Ctrl+Alt+Backspace</source>
        <translation>Ctrl+Alt+Backspace</translation>
    </message>
    <message>
        <source>Ctrl+Alt+F%1</source>
        <translation>Ctrl+Alt+F%1</translation>
    </message>
    <message>
        <source>PrintScreen</source>
        <translation>PrintScreen</translation>
    </message>
    <message>
        <source>Consoles</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>S&amp;creen</source>
        <translation>屏幕(&amp;C)</translation>
    </message>
    <message>
        <source>Scale to &amp;fit</source>
        <translation>缩放以适应(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;1:1 (guest pixels)</source>
        <translation>1:1（客户机像素）(&amp;1)</translation>
    </message>
    <message>
        <source>&amp;Zoom</source>
        <translation>缩放(&amp;Z)</translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>&amp;Keyboard grab</source>
        <translation>捕获键盘(&amp;K)</translation>
    </message>
    <message>
        <source>Send &amp;key</source>
        <translation>发送按键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Type clipboard text</source>
        <translation>键入剪贴板文本(&amp;T)</translation>
    </message>
    <message>
        <source>Type the clipboard&apos;s text into the VM as key presses (no guest agent needed)</source>
        <translation>把剪贴板中的文本以按键形式输入虚拟机（无需客户机代理）</translation>
    </message>
    <message>
        <source>Share the &amp;clipboard</source>
        <translation>共享剪贴板(&amp;C)</translation>
    </message>
    <message>
        <source>Take text the VM puts on its clipboard; send ours with “Send clipboard”</source>
        <translation>接收虚拟机放到其剪贴板上的文本；用“发送剪贴板”发送我们的</translation>
    </message>
    <message>
        <source>Send c&amp;lipboard</source>
        <translation>发送剪贴板(&amp;L)</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>保存截图(&amp;S)…</translation>
    </message>
    <message>
        <source>Se&amp;rial</source>
        <translation>串口(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>Send &amp;break</source>
        <translation>发送 break(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>控制台</translation>
    </message>
    <message>
        <source>Zoom</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>Send key</source>
        <translation>发送按键</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>%1 — Console — %2</source>
        <translation>%1 — 控制台 — %2</translation>
    </message>
    <message>
        <source>The clipboard holds no text</source>
        <translation>剪贴板中没有文本</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Operation failed</source>
        <translation>操作失败</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 以及另外 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not %1 %2</source>
        <translation>无法%1 %2</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Could not %1 %2 of %3 VMs</source>
        <translation>无法%1 %3 个虚拟机中的 %2 个</translation>
    </message>
    <message>
        <source>start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>shutdown</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>reboot</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>destroy</source>
        <translation>强制关闭</translation>
    </message>
    <message>
        <source>suspend</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>resume</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>undefine</source>
        <translation>取消定义</translation>
    </message>
    <message>
        <source>Reboot requested: %1</source>
        <translation>已请求重启：%1</translation>
    </message>
    <message>
        <source>The guest restarts when its operating system handles the request. If nothing happens, it ignores ACPI: use Force off, then Start.</source>
        <translation>客户机操作系统处理该请求后才会重启。如果没有反应，说明它忽略了 ACPI：请使用“强制关机”，然后“启动”。</translation>
    </message>
    <message>
        <source>Shutdown requested: %1</source>
        <translation>已请求关机：%1</translation>
    </message>
    <message>
        <source>The guest shuts down when its operating system handles the request. If it keeps running, it ignores ACPI: use Force off.</source>
        <translation>客户机操作系统处理该请求后才会关机。如果它仍在运行，说明它忽略了 ACPI：请使用“强制关机”。</translation>
    </message>
    <message>
        <source>Could not delete %1</source>
        <translation>无法删除 %1</translation>
    </message>
    <message>
        <source>Could not delete %1 of %2 VMs</source>
        <translation>无法删除 %2 个虚拟机中的 %1 个</translation>
    </message>
    <message>
        <source>The file as it was is kept as %1</source>
        <translation>原来的文件保留为 %1</translation>
    </message>
    <message>
        <source>Its connections are not loaded. To use them again, correct that file and rename it to %1 while kvmdesk is closed.</source>
        <translation>其中的连接未加载。要再次使用它们，请在 kvmdesk 关闭时修正该文件并将其重命名为 %1。</translation>
    </message>
    <message>
        <source>kvmdesk will not change the file during this session.</source>
        <translation>本次会话中 kvmdesk 不会更改该文件。</translation>
    </message>
    <message>
        <source>Some saved connections were not used (%1)</source>
        <translation>部分已保存的连接未使用（%1）</translation>
    </message>
    <message>
        <source>Connection list not saved</source>
        <translation>连接列表未保存</translation>
    </message>
    <message>
        <source>The change holds until kvmdesk quits, but it is not saved: %1. Check that the folder exists and can be written, then change the list again.</source>
        <translation>此更改在 kvmdesk 退出前有效，但没有保存：%1。请检查该文件夹是否存在且可写，然后再次更改列表。</translation>
    </message>
    <message>
        <source>The connection list cannot be saved (%1): a connection added now works until kvmdesk quits, then it is gone.</source>
        <translation>无法保存连接列表（%1）：现在添加的连接在 kvmdesk 退出前可用，之后就会消失。</translation>
    </message>
    <message>
        <source>Connection not added</source>
        <translation>未添加连接</translation>
    </message>
    <message>
        <source>Cannot connect to %1</source>
        <translation>无法连接到 %1</translation>
    </message>
    <message numerus="yes">
        <source>Cannot connect to %n connection(s)</source>
        <translation>
            <numerusform>无法连接到 %n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>libvirt&apos;s message</source>
        <translation>libvirt 的原始消息</translation>
    </message>
    <message>
        <source>Copy commands</source>
        <translation>复制命令</translation>
    </message>
    <message>
        <source>Open the demo</source>
        <translation>打开演示</translation>
    </message>
</context>
<context>
    <name>Core</name>
    <message>
        <source>no domain named %1 on %2</source>
        <translation>%2 上没有名为 %1 的虚拟机</translation>
    </message>
    <message>
        <source>%1 is transient: once stopped it is gone, not restarted</source>
        <translation>%1 是临时虚拟机：停止后即消失，不会重新启动</translation>
    </message>
    <message>
        <source>no NIC with MAC %1</source>
        <translation>没有 MAC 为 %1 的网卡</translation>
    </message>
    <message>
        <source>domain %1 already has a NIC with MAC %2</source>
        <translation>虚拟机 %1 已有 MAC 为 %2 的网卡</translation>
    </message>
    <message>
        <source>domain %1 has no NIC with MAC %2</source>
        <translation>虚拟机 %1 没有 MAC 为 %2 的网卡</translation>
    </message>
    <message>
        <source>domain %1 is not running; there is nothing to change live</source>
        <translation>虚拟机 %1 未运行；没有可在线更改的内容</translation>
    </message>
    <message>
        <source>domain %1 is transient; it has no persistent configuration</source>
        <translation>虚拟机 %1 是临时的；它没有持久配置</translation>
    </message>
    <message>
        <source>NIC %1 is only in the configuration of %2</source>
        <translation>网卡 %1 只存在于 %2 的配置中</translation>
    </message>
    <message>
        <source>NIC %1 is only in the running domain %2</source>
        <translation>网卡 %1 只存在于运行中的虚拟机 %2 中</translation>
    </message>
    <message>
        <source>nothing to change: neither live nor in the configuration</source>
        <translation>没有要更改的：既不在线更改也不更改配置</translation>
    </message>
    <message>
        <source>cannot change the %1 of a running NIC; change the configuration and restart</source>
        <translation>无法更改运行中网卡的 %1；请更改配置并重启</translation>
    </message>
    <message>
        <source>cannot change the %1 of a running NIC of a transient domain</source>
        <translation>无法更改临时虚拟机运行中网卡的 %1</translation>
    </message>
    <message>
        <source>the VM is not running: there is no running NIC to keep</source>
        <translation>虚拟机未运行：没有要保留的运行中网卡</translation>
    </message>
    <message>
        <source>the saved definition has no devices</source>
        <translation>已保存的定义中没有设备</translation>
    </message>
    <message>
        <source>the VM is not running: its next start uses the saved NICs anyway</source>
        <translation>虚拟机未运行：下次启动本来就会使用已保存的网卡</translation>
    </message>
    <message>
        <source>not network XML: %1</source>
        <translation>不是网络 XML：%1</translation>
    </message>
    <message>
        <source>network %1 cannot be renamed to %2</source>
        <translation>网络 %1 不能重命名为 %2</translation>
    </message>
    <message>
        <source>DHCP reservation %1 lies outside the new subnet %2; remove it first</source>
        <translation>DHCP 保留地址 %1 不在新子网 %2 内；请先删除它</translation>
    </message>
    <message>
        <source>no network named %1</source>
        <translation>没有名为 %1 的网络</translation>
    </message>
    <message>
        <source>a network named %1 already exists</source>
        <translation>名为 %1 的网络已存在</translation>
    </message>
    <message>
        <source>network %1 is not the one kvmdesk created; it was left alone</source>
        <translation>网络 %1 不是 kvmdesk 创建的；未对其做任何操作</translation>
    </message>
    <message>
        <source>no network named %1 on %2</source>
        <translation>%2 上没有名为 %1 的网络</translation>
    </message>
    <message>
        <source>%1: not an IPv4 network: %2</source>
        <translation>%1：不是 IPv4 网络：%2</translation>
    </message>
    <message>
        <source>%1: only IPv4 networks are supported: %2</source>
        <translation>%1：只支持 IPv4 网络：%2</translation>
    </message>
    <message>
        <source>%1 names no networks</source>
        <translation>%1 没有列出任何网络</translation>
    </message>
    <message>
        <source>no bond named %1 on this host</source>
        <translation>此主机上没有名为 %1 的网卡绑定</translation>
    </message>
    <message>
        <source>%1 has no definition of its own in libvirt</source>
        <translation>%1 在 libvirt 中没有自己的定义</translation>
    </message>
    <message>
        <source>another host-network change is waiting for confirmation</source>
        <translation>另一项主机网络更改正在等待确认</translation>
    </message>
    <message>
        <source>this change is no longer pending (already committed or rolled back)</source>
        <translation>此更改已不再待定（已提交或已回滚）</translation>
    </message>
    <message>
        <source>domain %1 has no NIC number %2 with MAC %3</source>
        <translation>虚拟机 %1 没有编号为 %2、MAC 为 %3 的网卡</translation>
    </message>
    <message>
        <source>domain %1 has %2 NICs with MAC %3; say which one</source>
        <translation>虚拟机 %1 有 %2 块 MAC 为 %3 的网卡；请指明是哪一块</translation>
    </message>
    <message>
        <source>a new NIC cannot start in mode &apos;none&apos;; add it in a mode, then unplug it</source>
        <translation>新网卡不能以“none”模式开始；请先以某种模式添加，再拔出网线</translation>
    </message>
    <message>
        <source>domain %1 has no disk %2</source>
        <translation>虚拟机 %1 没有磁盘 %2</translation>
    </message>
    <message>
        <source>no free disk target left on bus %1</source>
        <translation>总线 %1 上已没有空闲的磁盘目标</translation>
    </message>
    <message>
        <source>disk %1 is not a CD-ROM or floppy; it has no media to change</source>
        <translation>磁盘 %1 不是光驱或软驱；没有可更换的介质</translation>
    </message>
    <message>
        <source>domain %1 has no shared folder with mount tag %2</source>
        <translation>虚拟机 %1 没有挂载标签为 %2 的共享文件夹</translation>
    </message>
    <message>
        <source>no disk %1</source>
        <translation>没有磁盘 %1</translation>
    </message>
    <message>
        <source>a new volume is qcow2 or raw, not %1</source>
        <translation>新卷只能是 qcow2 或 raw，而不是 %1</translation>
    </message>
    <message>
        <source>disk %1 is a %2; only disks can be resized</source>
        <translation>磁盘 %1 是 %2；只有磁盘才能调整大小</translation>
    </message>
    <message>
        <source>disk %1 of the shut-off domain %2 is not a volume in a storage pool; start the VM to resize it live, or resize the file on the host</source>
        <translation>已关机的虚拟机 %2 的磁盘 %1 不是存储池中的卷；请启动虚拟机以在线调整大小，或在主机上调整该文件的大小</translation>
    </message>
    <message>
        <source>disk %1 would shrink from %2 to %3 bytes; kvmdesk only grows disks (shrinking loses the data at the end)</source>
        <translation>磁盘 %1 将从 %2 字节缩小到 %3 字节；kvmdesk 只会增大磁盘（缩小会丢失末尾的数据）</translation>
    </message>
    <message>
        <source>disk %1 already has %2 bytes</source>
        <translation>磁盘 %1 已经是 %2 字节</translation>
    </message>
    <message>
        <source>domain %1 is transient; a shared folder needs a configuration</source>
        <translation>虚拟机 %1 是临时的；共享文件夹需要持久配置</translation>
    </message>
    <message>
        <source>domain %1 is transient; it has no configuration to change</source>
        <translation>虚拟机 %1 是临时的；它没有可更改的配置</translation>
    </message>
    <message>
        <source>a snapshot needs a name</source>
        <translation>快照需要名称</translation>
    </message>
    <message>
        <source>snapshot names are at most %1 characters</source>
        <translation>快照名称最多 %1 个字符</translation>
    </message>
    <message>
        <source>snapshot name %1 must not contain &apos;/&apos; or start with &apos;.&apos; or &apos;-&apos;</source>
        <translation>快照名称 %1 不能包含“/”，也不能以“.”或“-”开头</translation>
    </message>
    <message>
        <source>snapshot names must not contain control characters</source>
        <translation>快照名称不能包含控制字符</translation>
    </message>
    <message>
        <source>a snapshot named %1 exists already</source>
        <translation>名为 %1 的快照已存在</translation>
    </message>
    <message>
        <source>no domain with UUID %1 on %2</source>
        <translation>%2 上没有 UUID 为 %1 的虚拟机</translation>
    </message>
    <message>
        <source>%1 has no snapshot named %2</source>
        <translation>%1 没有名为 %2 的快照</translation>
    </message>
    <message>
        <source>no storage pool named %1 on %2</source>
        <translation>%2 上没有名为 %1 的存储池</translation>
    </message>
    <message>
        <source>no volume named %1 in pool %2</source>
        <translation>存储池 %2 中没有名为 %1 的卷</translation>
    </message>
    <message>
        <source>%1 is larger than volume %2</source>
        <translation>%1 比卷 %2 大</translation>
    </message>
    <message>
        <source>pool %1 is not running: start it first</source>
        <translation>存储池 %1 未运行：请先启动它</translation>
    </message>
    <message>
        <source>pool %1 has not enough free space for %2</source>
        <translation>存储池 %1 没有足够的空间存放 %2</translation>
    </message>
    <message>
        <source>no folder %1</source>
        <translation>没有文件夹 %1</translation>
    </message>
    <message>
        <source>%1 is a folder: give a file name</source>
        <translation>%1 是文件夹：请给出文件名</translation>
    </message>
    <message>
        <source>%1 exists already</source>
        <translation>%1 已存在</translation>
    </message>
</context>
<context>
    <name>CpusPage</name>
    <message>
        <source>The hypervisor&apos;s default</source>
        <translation>虚拟化管理程序的默认值</translation>
    </message>
    <message>
        <source>Host CPU passthrough</source>
        <translation>主机 CPU 直通</translation>
    </message>
    <message>
        <source>Host model</source>
        <translation>主机型号</translation>
    </message>
    <message>
        <source>Named model</source>
        <translation>指定型号</translation>
    </message>
    <message>
        <source>QEMU&apos;s maximum</source>
        <translation>QEMU 的最大值</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Current CPUs:</source>
        <translation>当前 CPU 数：</translation>
    </message>
    <message>
        <source>Maximum CPUs:</source>
        <translation>最大 CPU 数：</translation>
    </message>
    <message>
        <source>Manual topology</source>
        <translation>手动拓扑</translation>
    </message>
    <message>
        <source>Sockets:</source>
        <translation>插槽：</translation>
    </message>
    <message>
        <source>Cores:</source>
        <translation>核心：</translation>
    </message>
    <message>
        <source>Threads:</source>
        <translation>线程：</translation>
    </message>
    <message>
        <source>CPU model:</source>
        <translation>CPU 型号：</translation>
    </message>
    <message>
        <source>Named model:</source>
        <translation>指定型号：</translation>
    </message>
    <message>
        <source>Running now with %1 of %2 CPUs; up to %2 can be changed live.</source>
        <translation>当前以 %2 个 CPU 中的 %1 个运行；最多 %2 个可在线调整。</translation>
    </message>
</context>
<context>
    <name>CreatePoolDialog</name>
    <message>
        <source>Create storage pool</source>
        <translation>创建存储池</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>Detect</source>
        <translation>检测</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Start when the host boots</source>
        <translation>主机启动时启动</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Type:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>文件夹：</translation>
    </message>
    <message>
        <source>Device:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Export or share:</source>
        <translation>导出或共享：</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>协议：</translation>
    </message>
    <message>
        <source>Volume group:</source>
        <translation>卷组：</translation>
    </message>
    <message>
        <source>Initiator IQN:</source>
        <translation>发起端 IQN：</translation>
    </message>
    <message>
        <source>Found:</source>
        <translation>已找到：</translation>
    </message>
    <message>
        <source>This connection does not report which pool types it supports; libvirt checks the type when the pool is created.</source>
        <translation>此连接未报告它支持哪些存储池类型；libvirt 会在创建存储池时检查类型。</translation>
    </message>
    <message>
        <source>Target IQN:</source>
        <translation>目标 IQN：</translation>
    </message>
    <message>
        <source>/dev/sdc (only to make a new group)</source>
        <translation>/dev/sdc（仅用于新建卷组）</translation>
    </message>
    <message numerus="yes">
        <source>libvirt found %n source(s).</source>
        <translation>
            <numerusform>libvirt 找到 %n 个来源。</numerusform>
        </translation>
    </message>
    <message>
        <source>libvirt found no sources.</source>
        <translation>libvirt 没有找到来源。</translation>
    </message>
</context>
<context>
    <name>CreateSnapshotDialog</name>
    <message>
        <source>New snapshot of %1</source>
        <translation>%1 的新快照</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>What state is the VM in?</source>
        <translation>虚拟机处于什么状态？</translation>
    </message>
    <message>
        <source>&amp;Description:</source>
        <translation>描述(&amp;D)：</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Not possible: %1</source>
        <translation>不可行：%1</translation>
    </message>
    <message>
        <source>Take snapshot</source>
        <translation>创建快照</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot revert to external snapshots: you can merge (delete) this snapshot later, but not return to it.</source>
        <translation>此主机的 libvirt 无法恢复到外部快照：以后可以合并（删除）此快照，但无法回到它。</translation>
    </message>
    <message>
        <source>No snapshot of this VM is possible here (see the reasons above).</source>
        <translation>此处无法为该虚拟机创建任何快照（原因见上文）。</translation>
    </message>
</context>
<context>
    <name>CreateVolumeDialog</name>
    <message>
        <source>New volume in %1</source>
        <translation>%1 中的新卷</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>qcow2 (snapshots, grows as used)</source>
        <translation>qcow2（支持快照，按使用增长）</translation>
    </message>
    <message>
        <source>raw (fastest, no snapshots)</source>
        <translation>raw（最快，不支持快照）</translation>
    </message>
    <message>
        <source>None (allocate as written)</source>
        <translation>无（写入时分配）</translation>
    </message>
    <message>
        <source>Metadata (qcow2)</source>
        <translation>元数据（qcow2）</translation>
    </message>
    <message>
        <source>Full (reserve the space now)</source>
        <translation>完全（立即预留空间）</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Free in %1: %2</source>
        <translation>%1 中可用：%2</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>大小：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Preallocation:</source>
        <translation>预分配：</translation>
    </message>
    <message>
        <source>Backing file:</source>
        <translation>后备文件：</translation>
    </message>
</context>
<context>
    <name>CredentialDialog</name>
    <message>
        <source>User name for %1</source>
        <translation>%1 的用户名</translation>
    </message>
    <message>
        <source>Password for %1</source>
        <translation>%1 的密码</translation>
    </message>
    <message>
        <source>Key passphrase for %1</source>
        <translation>%1 的密钥口令</translation>
    </message>
    <message>
        <source>Authentication for %1</source>
        <translation>%1 的身份验证</translation>
    </message>
    <message>
        <source>%1 asks for a user name.</source>
        <translation>%1 要求输入用户名。</translation>
    </message>
    <message>
        <source>%1 asks for a password.</source>
        <translation>%1 要求输入密码。</translation>
    </message>
    <message>
        <source>ssh needs the passphrase of your key to log in to %1.</source>
        <translation>ssh 需要您的密钥口令才能登录 %1。</translation>
    </message>
    <message>
        <source>%1 asks for an authentication realm.</source>
        <translation>%1 要求输入身份验证域。</translation>
    </message>
    <message>
        <source>%1 asks:</source>
        <translation>%1 询问：</translation>
    </message>
    <message>
        <source>The previous answer was not accepted. Try again.</source>
        <translation>上次的回答未被接受，请重试。</translation>
    </message>
    <message>
        <source>Remember in the desktop keyring</source>
        <translation>保存到桌面密钥环</translation>
    </message>
    <message>
        <source>No desktop keyring (Secret Service) is available: kvmdesk cannot remember this, and asks again next time. It never writes it to a file.</source>
        <translation>没有可用的桌面密钥环（Secret Service）：kvmdesk 无法记住它，下次会再次询问。它绝不会写入文件。</translation>
    </message>
    <message>
        <source>Log In</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>Answer:</source>
        <translation>回答：</translation>
    </message>
</context>
<context>
    <name>DeleteConfirmation</name>
    <message>
        <source>Delete interface</source>
        <translation>删除接口</translation>
    </message>
    <message>
        <source>Delete %1 “%2”?</source>
        <translation>删除%1“%2”？</translation>
    </message>
    <message>
        <source>%1 become plain ethernet interfaces again.</source>
        <translation>%1 将重新成为普通以太网接口。</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>DeleteDialog</name>
    <message>
        <source>Delete Virtual Machine</source>
        <translation>删除虚拟机</translation>
    </message>
    <message>
        <source>Delete Virtual Machines</source>
        <translation>删除虚拟机</translation>
    </message>
    <message>
        <source>Delete “%1”?</source>
        <translation>删除“%1”？</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n virtual machines?</source>
        <translation>
            <numerusform>删除 %n 个虚拟机？</numerusform>
        </translation>
    </message>
    <message>
        <source>Their definitions are removed from the connection.</source>
        <translation>它们的定义将从该连接中删除。</translation>
    </message>
    <message>
        <source>%1 (will be forced off first)</source>
        <translation>%1（将先强制关机）</translation>
    </message>
    <message>
        <source>Also delete storage volumes</source>
        <translation>同时删除存储卷</translation>
    </message>
    <message>
        <source>Storage volumes</source>
        <translation>存储卷</translation>
    </message>
    <message>
        <source>%1 (pool %2)</source>
        <translation>%1（存储池 %2）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>The storage volume “%1” will be deleted permanently. Its data cannot be recovered.</source>
        <translation>存储卷“%1”将被永久删除，其数据无法恢复。</translation>
    </message>
    <message numerus="yes">
        <source>%n storage volumes will be deleted permanently. Their data cannot be recovered.</source>
        <translation>
            <numerusform>%n 个存储卷将被永久删除，其数据无法恢复。</numerusform>
        </translation>
    </message>
    <message>
        <source>Storage volumes you tick are deleted permanently. Their data cannot be recovered.</source>
        <translation>勾选的存储卷将被永久删除，其数据无法恢复。</translation>
    </message>
</context>
<context>
    <name>DeletePoolDialog</name>
    <message>
        <source>Delete storage pool</source>
        <translation>删除存储池</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the storage pool “%1”?</source>
        <translation>删除存储池“%1”？</translation>
    </message>
    <message>
        <source>It cannot be deleted while these virtual machines use it:</source>
        <translation>以下虚拟机正在使用它，无法删除：</translation>
    </message>
    <message>
        <source>Its folder and volumes stay on disk unless you delete them too.</source>
        <translation>除非一并删除，否则其文件夹和卷会保留在磁盘上。</translation>
    </message>
    <message numerus="yes">
        <source>Also delete its %n volume(s) and its folder</source>
        <translation>
            <numerusform>同时删除它的 %n 个卷及其文件夹</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove its disks from these virtual machines first.</source>
        <translation>请先从这些虚拟机中移除它的磁盘。</translation>
    </message>
</context>
<context>
    <name>DeleteSnapshotDialog</name>
    <message>
        <source>Delete snapshot?</source>
        <translation>删除快照？</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete snapshot “%1” of %2?</source>
        <translation>删除 %2 的快照“%1”？</translation>
    </message>
    <message>
        <source>Its saved state is removed from the disk images. The VM&apos;s current state does not change, but you can no longer return to this snapshot.</source>
        <translation>其保存的状态将从磁盘镜像中删除。虚拟机的当前状态不变，但您将无法再回到此快照。</translation>
    </message>
    <message>
        <source>Its overlay files are merged into the images they are based on, then removed. No data of the current state is lost; you can no longer return to the state of this snapshot.</source>
        <translation>其覆盖层文件会合并到它们所基于的镜像中，然后删除。当前状态的数据不会丢失；您将无法再回到此快照的状态。</translation>
    </message>
    <message numerus="yes">
        <source>Also delete the %n snapshot(s) taken after it: %1</source>
        <translation>
            <numerusform>同时删除在它之后创建的 %n 个快照：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>It cannot be deleted on its own: %1</source>
        <translation>无法单独删除它：%1</translation>
    </message>
</context>
<context>
    <name>DeleteVolumeDialog</name>
    <message>
        <source>Delete volume</source>
        <translation>删除卷</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the volume “%1” (%2)? Its data cannot be recovered.</source>
        <translation>删除卷“%1”（%2）？其数据无法恢复。</translation>
    </message>
    <message>
        <source>These virtual machines use it and lose this disk:</source>
        <translation>以下虚拟机正在使用它，将失去此磁盘：</translation>
    </message>
    <message numerus="yes">
        <source>Delete it anyway; %n virtual machine(s) lose the disk</source>
        <translation>
            <numerusform>仍然删除；%n 个虚拟机将失去此磁盘</numerusform>
        </translation>
    </message>
    <message>
        <source>The volume is in use: confirm that its virtual machines lose it.</source>
        <translation>该卷正在使用中：请确认其虚拟机将失去它。</translation>
    </message>
</context>
<context>
    <name>DetailsPane</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>UUID:</source>
        <translation>UUID：</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <source>OS type:</source>
        <translation>操作系统类型：</translation>
    </message>
    <message>
        <source>vCPUs:</source>
        <translation>vCPU：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Autostart:</source>
        <translation>自动启动：</translation>
    </message>
    <message>
        <source>Persistent:</source>
        <translation>持久：</translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation>网络接口</translation>
    </message>
    <message>
        <source>This virtual machine has no network interfaces.</source>
        <translation>此虚拟机没有网络接口。</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <source>Shut the VM down and start it again so that the saved changes take effect</source>
        <translation>关闭虚拟机再启动，使已保存的更改生效</translation>
    </message>
    <message>
        <source>Make permanent</source>
        <translation>设为永久</translation>
    </message>
    <message>
        <source>Save the interfaces as they run now, so the next start keeps them</source>
        <translation>按当前运行状态保存接口，使下次启动时保持不变</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Change the running interfaces back to the saved configuration</source>
        <translation>把运行中的接口改回已保存的配置</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Add a network interface</source>
        <translation>添加网络接口</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Change the selected interface&apos;s network mode</source>
        <translation>更改所选接口的网络模式</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected interface</source>
        <translation>移除所选接口</translation>
    </message>
    <message>
        <source>Select a virtual machine</source>
        <translation>请选择一个虚拟机</translation>
    </message>
    <message>
        <source>%1 / %2 maximum</source>
        <translation>%1 / 最大 %2</translation>
    </message>
    <message numerus="yes">
        <source>%n virtual machines selected</source>
        <translation>
            <numerusform>已选择 %n 个虚拟机</numerusform>
        </translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation>重启后生效</translation>
    </message>
    <message numerus="yes">
        <source>%n interface change(s) saved in the configuration; the running VM keeps its interfaces as shown until it restarts.</source>
        <translation>
            <numerusform>%n 项接口更改已保存到配置中；运行中的虚拟机在重启前保持所示的接口。</numerusform>
        </translation>
    </message>
    <message>
        <source>Running and saved settings differ</source>
        <translation>运行设置与已保存设置不同</translation>
    </message>
    <message numerus="yes">
        <source>%n running interface(s) differ from the saved configuration (a change was cut short, or another program changed them): make the running settings permanent, or revert the running VM to the saved ones.</source>
        <translation>
            <numerusform>%n 个运行中的接口与已保存的配置不同（某次更改被中断，或被其他程序更改）：请把运行设置设为永久，或把运行中的虚拟机还原为已保存的设置。</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>DisksPage</name>
    <message>
        <source>Hypervisor default</source>
        <translation>虚拟化管理程序默认值</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Bus</source>
        <translation>总线</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Cache mode</source>
        <translation>缓存模式</translation>
    </message>
    <message>
        <source>Read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Resize…</source>
        <translation>调整大小…</translation>
    </message>
    <message>
        <source>Eject</source>
        <translation>弹出</translation>
    </message>
    <message>
        <source>Insert…</source>
        <translation>插入…</translation>
    </message>
    <message>
        <source>Bus:</source>
        <translation>总线：</translation>
    </message>
    <message>
        <source>Cache mode:</source>
        <translation>缓存模式：</translation>
    </message>
    <message>
        <source>Disks on VirtIO or SCSI are plugged in and out of a running VM at once; bus, cache mode and read-only take effect at the next start.</source>
        <translation>VirtIO 或 SCSI 总线上的磁盘可立即在运行中的虚拟机上热插拔；总线、缓存模式和只读设置在下次启动时生效。</translation>
    </message>
    <message>
        <source>CD-ROM</source>
        <translation>光驱</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>DomainListModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>vCPUs</source>
        <translation>vCPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>%1 of %2 maximum</source>
        <translation>%1 / 最大 %2</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>%1 (changed after restart)</source>
        <translation>%1（重启后更改）</translation>
    </message>
    <message>
        <source>%1 → %2 after restart</source>
        <translation>重启后 %1 → %2</translation>
    </message>
    <message>
        <source>+ %1 after restart</source>
        <translation>重启后 + %1</translation>
    </message>
    <message>
        <source>No network</source>
        <translation>无网络</translation>
    </message>
</context>
<context>
    <name>DomainState</name>
    <message>
        <source>No state</source>
        <translation>无状态</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Blocked</source>
        <translation>已阻塞</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Shutting down</source>
        <translation>正在关机</translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation>已关机</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已挂起</translation>
    </message>
</context>
<context>
    <name>DownloadDialog</name>
    <message>
        <source>Download %1</source>
        <translation>下载 %1</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>About %1 to transfer.</source>
        <translation>约需传输 %1。</translation>
    </message>
    <message>
        <source>Save the volume as</source>
        <translation>将卷另存为</translation>
    </message>
    <message>
        <source>no folder %1</source>
        <translation>没有文件夹 %1</translation>
    </message>
    <message>
        <source>%1 is a folder: give a file name</source>
        <translation>%1 是文件夹：请给出文件名</translation>
    </message>
    <message>
        <source>%1 exists already</source>
        <translation>%1 已存在</translation>
    </message>
</context>
<context>
    <name>EventLogDock</name>
    <message>
        <source>Event log</source>
        <translation>事件日志</translation>
    </message>
    <message>
        <source>Filter events…</source>
        <translation>筛选事件…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>1 event</source>
        <translation>1 个事件</translation>
    </message>
    <message numerus="yes">
        <source>%n events</source>
        <translation>
            <numerusform>%n 个事件</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of 1 event</source>
        <translation>%1 / 共 1 个事件</translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n events</source>
        <translation>
            <numerusform>%1 / 共 %n 个事件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EventLogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>FirmwarePage</name>
    <message>
        <source>Firmware and devices</source>
        <translation>固件与设备</translation>
    </message>
    <message>
        <source>KVM is not available on this host: the VM can only be EMULATED, many times slower than normal. Check that virtualization is enabled in the firmware and the kvm module is loaded.</source>
        <translation>此主机上 KVM 不可用：虚拟机只能以模拟方式运行，比正常慢很多倍。请检查固件中是否启用了虚拟化，以及 kvm 模块是否已加载。</translation>
    </message>
    <message>
        <source>KVM (hardware virtualization)</source>
        <translation>KVM（硬件虚拟化）</translation>
    </message>
    <message>
        <source>QEMU emulation (slow)</source>
        <translation>QEMU 模拟（慢）</translation>
    </message>
    <message>
        <source>Test driver</source>
        <translation>测试驱动</translation>
    </message>
    <message>
        <source>Virtualization:</source>
        <translation>虚拟化：</translation>
    </message>
    <message>
        <source>q35 (PCI Express)</source>
        <translation>q35（PCI Express）</translation>
    </message>
    <message>
        <source>i440FX (PC)</source>
        <translation>i440FX（PC）</translation>
    </message>
    <message>
        <source>Machine type:</source>
        <translation>机器类型：</translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <source>UEFI (OVMF)</source>
        <translation>UEFI（OVMF）</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>固件：</translation>
    </message>
    <message>
        <source>Secure Boot</source>
        <translation>安全启动</translation>
    </message>
    <message>
        <source>TPM 2.0 (emulated by swtpm)</source>
        <translation>TPM 2.0（由 swtpm 模拟）</translation>
    </message>
    <message>
        <source>Security chip:</source>
        <translation>安全芯片：</translation>
    </message>
    <message>
        <source>Paravirtualized virtio devices (fast)</source>
        <translation>半虚拟化 virtio 设备（快）</translation>
    </message>
    <message>
        <source>Devices:</source>
        <translation>设备：</translation>
    </message>
    <message>
        <source>none found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>UEFI firmware on the host: %1. Graphics: VNC; a serial console is added.</source>
        <translation>主机上的 UEFI 固件：%1。图形：VNC；另加一个串口控制台。</translation>
    </message>
</context>
<context>
    <name>ForceOffDialog</name>
    <message>
        <source>Force Off</source>
        <translation>强制关机</translation>
    </message>
    <message>
        <source>Force off “%1”?</source>
        <translation>强制关闭“%1”？</translation>
    </message>
    <message numerus="yes">
        <source>Force off %n virtual machines?</source>
        <translation>
            <numerusform>强制关闭 %n 个虚拟机？</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 以及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>This turns the virtual machine off immediately, like pulling the power plug. Data the guest has not saved is lost.</source>
        <translation>这会立即关闭虚拟机，就像拔掉电源插头。客户机未保存的数据将丢失。</translation>
    </message>
    <message>
        <source>This turns the virtual machines off immediately, like pulling the power plug. Data the guests have not saved is lost.</source>
        <translation>这会立即关闭这些虚拟机，就像拔掉电源插头。客户机未保存的数据将丢失。</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About kvmdesk</source>
        <translation>关于 kvmdesk(&amp;A)</translation>
    </message>
    <message>
        <source>kvmdesk on the &amp;web</source>
        <translation>kvmdesk 网站(&amp;W)</translation>
    </message>
</context>
<context>
    <name>HostInterfaceTreeModel</name>
    <message>
        <source>primary %1</source>
        <translation>主端口 %1</translation>
    </message>
    <message>
        <source>MII %1 ms (up %2, down %3)</source>
        <translation>MII %1 毫秒（启用 %2，停用 %3）</translation>
    </message>
    <message>
        <source>MII %1 ms</source>
        <translation>MII %1 毫秒</translation>
    </message>
    <message>
        <source>ARP %1 ms → %2</source>
        <translation>ARP %1 毫秒 → %2</translation>
    </message>
    <message>
        <source>LACP %1</source>
        <translation>LACP %1</translation>
    </message>
    <message>
        <source>hash %1</source>
        <translation>哈希 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>IPv4</source>
        <translation>IPv4</translation>
    </message>
    <message>
        <source>IPv6</source>
        <translation>IPv6</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Ethernet</source>
        <translation>以太网</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>Bond</source>
        <translation>网卡绑定</translation>
    </message>
    <message>
        <source>VLAN</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>up</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>down</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>STP on</source>
        <translation>STP 开启</translation>
    </message>
    <message>
        <source>STP off</source>
        <translation>STP 关闭</translation>
    </message>
    <message>
        <source>delay %1 s</source>
        <translation>延迟 %1 秒</translation>
    </message>
    <message>
        <source>VLAN %1 on %2</source>
        <translation>%2 上的 VLAN %1</translation>
    </message>
    <message>
        <source>port of %1</source>
        <translation>%1 的端口</translation>
    </message>
    <message>
        <source>Ports: %1</source>
        <translation>端口：%1</translation>
    </message>
    <message>
        <source>Not configured persistently</source>
        <translation>未持久配置</translation>
    </message>
</context>
<context>
    <name>HostInterfacesWindow</name>
    <message>
        <source>Host interfaces — %1</source>
        <translation>主机接口 — %1</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>(opening…)</source>
        <translation>（正在打开…）</translation>
    </message>
    <message>
        <source>Which service applies changes on this host</source>
        <translation>此主机上由哪个服务应用更改</translation>
    </message>
    <message>
        <source>Confirm changes within:</source>
        <translation>确认更改的时限：</translation>
    </message>
    <message>
        <source>Host interfaces</source>
        <translation>主机网络接口</translation>
    </message>
    <message>
        <source>New bond…</source>
        <translation>新建网卡绑定…</translation>
    </message>
    <message>
        <source>New bridge…</source>
        <translation>新建网桥…</translation>
    </message>
    <message>
        <source>New VLAN…</source>
        <translation>新建 VLAN…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Host network operation failed</source>
        <translation>主机网络操作失败</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>(unavailable)</source>
        <translation>（不可用）</translation>
    </message>
    <message>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <source>Cannot edit %1</source>
        <translation>无法编辑 %1</translation>
    </message>
    <message>
        <source>The backend does not describe this bond&apos;s settings.</source>
        <translation>后端未描述此网卡绑定的设置。</translation>
    </message>
    <message>
        <source>Cannot change %1</source>
        <translation>无法更改 %1</translation>
    </message>
    <message>
        <source>The bond was removed meanwhile; nothing was changed.</source>
        <translation>该网卡绑定已被移除；未做任何更改。</translation>
    </message>
    <message>
        <source>the bond %1</source>
        <translation>网卡绑定 %1</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Ports</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Primary port</source>
        <translation>主端口</translation>
    </message>
    <message>
        <source>Link monitoring</source>
        <translation>链路监测</translation>
    </message>
    <message>
        <source>LACP rate</source>
        <translation>LACP 速率</translation>
    </message>
    <message>
        <source>Transmit hash policy</source>
        <translation>发送哈希策略</translation>
    </message>
    <message>
        <source>IP configuration</source>
        <translation>IP 配置</translation>
    </message>
    <message>
        <source>MTU</source>
        <translation>MTU</translation>
    </message>
    <message>
        <source>Bridge for virtual machines</source>
        <translation>供虚拟机使用的网桥</translation>
    </message>
    <message>
        <source>Start mode</source>
        <translation>启动方式</translation>
    </message>
    <message>
        <source>Cannot delete %1</source>
        <translation>无法删除 %1</translation>
    </message>
</context>
<context>
    <name>HostKeyDialog</name>
    <message>
        <source>Unknown host key for %1</source>
        <translation>%1 的主机密钥未知</translation>
    </message>
    <message>
        <source>This computer has never connected to %1 over ssh, so it cannot tell whether the host answering is really %1. Compare the fingerprint below with the one the host&apos;s administrator gives you (on the host: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub). Accept only if they are the same: ssh then remembers the key in ~/.ssh/known_hosts.</source>
        <translation>本机从未通过 ssh 连接过 %1，因此无法判断应答的主机是否真的是 %1。请将下面的指纹与主机管理员提供的指纹进行比较（在主机上运行：ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub）。只有两者相同时才接受：之后 ssh 会把该密钥记录在 ~/.ssh/known_hosts 中。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>(ssh did not say)</source>
        <translation>（ssh 未说明）</translation>
    </message>
    <message>
        <source>Accept Key and Connect</source>
        <translation>接受密钥并连接</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <source>Connection:</source>
        <translation>连接：</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>指纹：</translation>
    </message>
</context>
<context>
    <name>HostNetwork</name>
    <message>
        <source>create bond %1 (%2) over %3 with bridge %4 over it</source>
        <translation>在 %3 上创建网卡绑定 %1（%2），并在其上建立网桥 %4</translation>
    </message>
    <message>
        <source>change bond %1 (%2) over %3 with bridge %4 over it</source>
        <translation>更改 %3 上的网卡绑定 %1（%2），并在其上建立网桥 %4</translation>
    </message>
    <message>
        <source>create bond %1 (%2) over %3</source>
        <translation>在 %3 上创建网卡绑定 %1（%2）</translation>
    </message>
    <message>
        <source>change bond %1 (%2) over %3</source>
        <translation>更改 %3 上的网卡绑定 %1（%2）</translation>
    </message>
    <message>
        <source>create bridge %1 over no ports</source>
        <translation>创建不带端口的网桥 %1</translation>
    </message>
    <message>
        <source>create bridge %1 over %2</source>
        <translation>在 %2 上创建网桥 %1</translation>
    </message>
    <message>
        <source>create VLAN %1 (id %2) on %3</source>
        <translation>在 %3 上创建 VLAN %1（ID %2）</translation>
    </message>
    <message>
        <source>delete %1</source>
        <translation>删除 %1</translation>
    </message>
    <message>
        <source>an interface named %1 already exists</source>
        <translation>名为 %1 的接口已存在</translation>
    </message>
    <message>
        <source>%1 has prefix /0: give the subnet&apos;s prefix, e.g. /24</source>
        <translation>%1 的前缀为 /0：请给出子网的前缀，例如 /24</translation>
    </message>
    <message>
        <source>%1 cannot be the address of %2</source>
        <translation>%1 不能作为 %2 的地址</translation>
    </message>
    <message>
        <source>%1 has prefix /0: give the subnet&apos;s prefix, e.g. /64</source>
        <translation>%1 的前缀为 /0：请给出子网的前缀，例如 /64</translation>
    </message>
    <message>
        <source>static IPv4 on %1 needs at least one address</source>
        <translation>%1 的静态 IPv4 至少需要一个地址</translation>
    </message>
    <message>
        <source>IPv4 addresses or a gateway are given for %1 but IPv4 is off</source>
        <translation>为 %1 指定了 IPv4 地址或网关，但 IPv4 已关闭</translation>
    </message>
    <message>
        <source>an IPv4 address is given twice for %1</source>
        <translation>为 %1 重复指定了同一个 IPv4 地址</translation>
    </message>
    <message>
        <source>gateway %1 is %2&apos;s own address</source>
        <translation>网关 %1 是 %2 自己的地址</translation>
    </message>
    <message>
        <source>gateway %1 is outside %2&apos;s subnets</source>
        <translation>网关 %1 不在 %2 的子网内</translation>
    </message>
    <message>
        <source>this backend cannot configure IPv6</source>
        <translation>此后端无法配置 IPv6</translation>
    </message>
    <message>
        <source>static IPv6 on %1 needs at least one address</source>
        <translation>%1 的静态 IPv6 至少需要一个地址</translation>
    </message>
    <message>
        <source>IPv6 addresses or a gateway are given for %1 but IPv6 is off</source>
        <translation>为 %1 指定了 IPv6 地址或网关，但 IPv6 已关闭</translation>
    </message>
    <message>
        <source>an IPv6 address is given twice for %1</source>
        <translation>为 %1 重复指定了同一个 IPv6 地址</translation>
    </message>
    <message>
        <source>MTU %1 of %2 is out of range (%3-%4)</source>
        <translation>%2 的 MTU %1 超出范围（%3-%4）</translation>
    </message>
    <message>
        <source>MTU %1 of %2 is too small for IPv6 (at least %3)</source>
        <translation>%2 的 MTU %1 对 IPv6 来说太小（至少 %3）</translation>
    </message>
    <message>
        <source>use MII or ARP link monitoring, not both</source>
        <translation>请使用 MII 或 ARP 链路监测之一，不要同时使用</translation>
    </message>
    <message>
        <source>ARP monitoring does not work in %1 mode: use MII monitoring</source>
        <translation>ARP 监测在 %1 模式下无效：请使用 MII 监测</translation>
    </message>
    <message>
        <source>ARP monitoring needs at least one target address</source>
        <translation>ARP 监测至少需要一个目标地址</translation>
    </message>
    <message>
        <source>ARP monitoring takes at most %1 targets, not %2</source>
        <translation>ARP 监测最多 %1 个目标，而不是 %2 个</translation>
    </message>
    <message>
        <source>the libvirt backend holds a single ARP target, not %1 (NetworkManager takes up to %2)</source>
        <translation>libvirt 后端只能保存一个 ARP 目标，而不是 %1 个（NetworkManager 最多支持 %2 个）</translation>
    </message>
    <message>
        <source>this backend takes at most %1 ARP targets, not %2</source>
        <translation>此后端最多支持 %1 个 ARP 目标，而不是 %2 个</translation>
    </message>
    <message>
        <source>an ARP target is given twice</source>
        <translation>重复指定了同一个 ARP 目标</translation>
    </message>
    <message>
        <source>ARP target %1 is not a unicast IPv4 address</source>
        <translation>ARP 目标 %1 不是单播 IPv4 地址</translation>
    </message>
    <message>
        <source>a primary port applies only to %1, not %2</source>
        <translation>主端口只适用于 %1，不适用于 %2</translation>
    </message>
    <message>
        <source>the libvirt backend cannot set a primary port in %1 mode (libvirt makes the first port primary in active-backup only)</source>
        <translation>libvirt 后端无法在 %1 模式下设置主端口（libvirt 仅在 active-backup 模式下把第一个端口作为主端口）</translation>
    </message>
    <message>
        <source>primary port %1 is not one of the bond&apos;s ports</source>
        <translation>主端口 %1 不是该网卡绑定的端口</translation>
    </message>
    <message>
        <source>LACP rate must be slow or fast, not %1</source>
        <translation>LACP 速率必须是 slow 或 fast，而不是 %1</translation>
    </message>
    <message>
        <source>an LACP rate applies only to 802.3ad, not %1</source>
        <translation>LACP 速率只适用于 802.3ad，不适用于 %1</translation>
    </message>
    <message>
        <source>unknown transmit hash policy %1: use one of %2</source>
        <translation>未知的发送哈希策略 %1：请使用 %2 之一</translation>
    </message>
    <message>
        <source>a transmit hash policy applies only to %1, not %2</source>
        <translation>发送哈希策略只适用于 %1，不适用于 %2</translation>
    </message>
    <message>
        <source>the libvirt backend cannot set the LACP rate or transmit hash policy (libvirt&apos;s interface XML has no such options)</source>
        <translation>libvirt 后端无法设置 LACP 速率或发送哈希策略（libvirt 的接口 XML 没有这些选项）</translation>
    </message>
    <message>
        <source>%1 needs at least one port</source>
        <translation>%1 至少需要一个端口</translation>
    </message>
    <message>
        <source>port %1 is given twice</source>
        <translation>重复指定了端口 %1</translation>
    </message>
    <message>
        <source>%1 cannot be a port of itself</source>
        <translation>%1 不能作为自己的端口</translation>
    </message>
    <message>
        <source>no interface named %1 on this host</source>
        <translation>此主机上没有名为 %1 的接口</translation>
    </message>
    <message>
        <source>%1 is the loopback interface; it cannot be a port</source>
        <translation>%1 是回环接口；不能作为端口</translation>
    </message>
    <message>
        <source>%1 is already a port of %2</source>
        <translation>%1 已经是 %2 的端口</translation>
    </message>
    <message>
        <source>no bond named %1 on this host</source>
        <translation>此主机上没有名为 %1 的网卡绑定</translation>
    </message>
    <message>
        <source>editing cannot add or remove the bridge over %1: delete the bond and create it again</source>
        <translation>编辑时不能添加或移除 %1 之上的网桥：请删除该网卡绑定后重新创建</translation>
    </message>
    <message>
        <source>the bridge needs a name of its own, not the bond&apos;s</source>
        <translation>网桥需要自己的名称，不能与网卡绑定同名</translation>
    </message>
    <message>
        <source>unknown bond mode %1</source>
        <translation>未知的网卡绑定模式 %1</translation>
    </message>
    <message>
        <source>fewer than two ports: no fault tolerance</source>
        <translation>端口少于两个：没有容错能力</translation>
    </message>
    <message>
        <source>%1 rewrites MAC addresses: virtual machines on a bridge over this bond may lose traffic (active-backup or 802.3ad avoid that)</source>
        <translation>%1 会改写 MAC 地址：此网卡绑定之上网桥中的虚拟机可能丢失流量（active-backup 或 802.3ad 不会）</translation>
    </message>
    <message>
        <source>no link monitoring: a port whose link fails keeps getting traffic</source>
        <translation>没有链路监测：链路故障的端口仍会收到流量</translation>
    </message>
    <message>
        <source>this backend cannot create VLAN interfaces</source>
        <translation>此后端无法创建 VLAN 接口</translation>
    </message>
    <message>
        <source>VLAN id must be %1-%2, not %3</source>
        <translation>VLAN ID 必须在 %1-%2 之间，而不是 %3</translation>
    </message>
    <message>
        <source>a VLAN cannot sit on %1, the loopback interface</source>
        <translation>VLAN 不能建立在回环接口 %1 上</translation>
    </message>
    <message>
        <source>%1 is a port of %2: put the VLAN on %3</source>
        <translation>%1 是 %2 的端口：请把 VLAN 建在 %3 上</translation>
    </message>
    <message>
        <source>VLAN %1 on %2 already exists as %3</source>
        <translation>%2 上的 VLAN %1 已作为 %3 存在</translation>
    </message>
    <message>
        <source>MTU %1 of %2 is larger than %3&apos;s %4</source>
        <translation>%2 的 MTU %1 大于 %3 的 %4</translation>
    </message>
    <message>
        <source>%1 is a port of %2: delete %3 (its ports are given back)</source>
        <translation>%1 是 %2 的端口：请删除 %3（其端口会被释放）</translation>
    </message>
    <message>
        <source>%1 carries VLAN %2: delete that first</source>
        <translation>%1 承载 VLAN %2：请先删除它</translation>
    </message>
    <message>
        <source>bad IPv4 setting %1: use dhcp, none or ADDRESS/PREFIX</source>
        <translation>无效的 IPv4 设置 %1：请使用 dhcp、none 或 地址/前缀</translation>
    </message>
    <message>
        <source>bad IPv4 address %1: use ADDRESS/PREFIX, e.g. 203.0.113.5/24</source>
        <translation>无效的 IPv4 地址 %1：请使用 地址/前缀，例如 203.0.113.5/24</translation>
    </message>
    <message>
        <source>bad IPv6 setting %1: use ignore, auto, dhcp, link-local or ADDRESS/PREFIX</source>
        <translation>无效的 IPv6 设置 %1：请使用 ignore、auto、dhcp、link-local 或 地址/前缀</translation>
    </message>
    <message>
        <source>bad IPv6 address %1: use ADDRESS/PREFIX, e.g. 2001:db8::5/64</source>
        <translation>无效的 IPv6 地址 %1：请使用 地址/前缀，例如 2001:db8::5/64</translation>
    </message>
</context>
<context>
    <name>InterfaceDialog</name>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
</context>
<context>
    <name>IpConfigBox</name>
    <message>
        <source>No IPv4</source>
        <translation>不使用 IPv4</translation>
    </message>
    <message>
        <source>DHCP</source>
        <translation>DHCP</translation>
    </message>
    <message>
        <source>Static address</source>
        <translation>静态地址</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Automatic (SLAAC)</source>
        <translation>自动（SLAAC）</translation>
    </message>
    <message>
        <source>DHCPv6 only</source>
        <translation>仅 DHCPv6</translation>
    </message>
    <message>
        <source>Link-local only</source>
        <translation>仅链路本地</translation>
    </message>
    <message>
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <source>IPv4:</source>
        <translation>IPv4：</translation>
    </message>
    <message>
        <source>Address/prefix:</source>
        <translation>地址/前缀：</translation>
    </message>
    <message>
        <source>Gateway:</source>
        <translation>网关：</translation>
    </message>
    <message>
        <source>IPv6:</source>
        <translation>IPv6：</translation>
    </message>
    <message>
        <source>IPv6 address/prefix:</source>
        <translation>IPv6 地址/前缀：</translation>
    </message>
    <message>
        <source>IPv6 gateway:</source>
        <translation>IPv6 网关：</translation>
    </message>
    <message>
        <source>MTU:</source>
        <translation>MTU：</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;System default</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Language not saved</source>
        <translation>语言未保存</translation>
    </message>
    <message>
        <source>kvmdesk could not save the language: %1</source>
        <translation>kvmdesk 无法保存语言设置：%1</translation>
    </message>
    <message>
        <source>kvmdesk follows the system&apos;s language from its next start.</source>
        <translation>kvmdesk 将从下次启动起跟随系统语言。</translation>
    </message>
    <message>
        <source>kvmdesk speaks %1 from its next start.</source>
        <translation>kvmdesk 将从下次启动起使用 %1。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
</context>
<context>
    <name>LinkMonitorBox</name>
    <message>
        <source>Link monitoring</source>
        <translation>链路监测</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>MII</source>
        <translation>MII</translation>
    </message>
    <message>
        <source>ARP</source>
        <translation>ARP</translation>
    </message>
    <message>
        <source>netif (driver&apos;s carrier state)</source>
        <translation>netif（驱动的载波状态）</translation>
    </message>
    <message>
        <source>ioctl (MII/ethtool)</source>
        <translation>ioctl（MII/ethtool）</translation>
    </message>
    <message>
        <source>Interval:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <source>Up delay:</source>
        <translation>启用延迟：</translation>
    </message>
    <message>
        <source>Down delay:</source>
        <translation>停用延迟：</translation>
    </message>
    <message>
        <source>Carrier:</source>
        <translation>载波：</translation>
    </message>
    <message>
        <source>Targets:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <source>Validate:</source>
        <translation>验证：</translation>
    </message>
    <message>
        <source>%1 holds a single ARP target.</source>
        <translation>%1 只能有一个 ARP 目标。</translation>
    </message>
    <message>
        <source>Up to %1 target addresses, separated by commas.</source>
        <translation>最多 %1 个目标地址，以逗号分隔。</translation>
    </message>
    <message>
        <source>Up and down delays must be multiples of the MII interval.</source>
        <translation>启用和停用延迟必须是 MII 间隔的整数倍。</translation>
    </message>
    <message>
        <source>ARP monitoring does not work in %1 mode</source>
        <translation>ARP 监测在 %1 模式下无效</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>kvmdesk</source>
        <translation>kvmdesk</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Shut &amp;down</source>
        <translation>关机(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reboot</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Force off</source>
        <translation>强制关机(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>R&amp;esume</source>
        <translation>恢复(&amp;E)</translation>
    </message>
    <message>
        <source>De&amp;lete…</source>
        <translation>删除(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Add connection…</source>
        <translation>添加连接(&amp;A)…</translation>
    </message>
    <message>
        <source>Virtual &amp;networks…</source>
        <translation>虚拟网络(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Host interfaces…</source>
        <translation>主机接口(&amp;H)…</translation>
    </message>
    <message>
        <source>Network &amp;map…</source>
        <translation>网络拓扑图(&amp;M)…</translation>
    </message>
    <message>
        <source>A picture of the selected connection&apos;s network (Ctrl+Shift+M)</source>
        <translation>所选连接的网络拓扑图（Ctrl+Shift+M）</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Settings of the selected VM (Ctrl+Shift+S)</source>
        <translation>所选虚拟机的设置（Ctrl+Shift+S）</translation>
    </message>
    <message>
        <source>&amp;New VM…</source>
        <translation>新建虚拟机(&amp;N)…</translation>
    </message>
    <message>
        <source>S&amp;torage…</source>
        <translation>存储(&amp;T)…</translation>
    </message>
    <message>
        <source>S&amp;napshots…</source>
        <translation>快照(&amp;N)…</translation>
    </message>
    <message>
        <source>C&amp;lone…</source>
        <translation>克隆(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Console</source>
        <translation>控制台(&amp;C)</translation>
    </message>
    <message>
        <source>Open the VM&apos;s console (Ctrl+Shift+O)</source>
        <translation>打开虚拟机的控制台（Ctrl+Shift+O）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Filter by name…</source>
        <translation>按名称筛选…</translation>
    </message>
    <message>
        <source>All states</source>
        <translation>所有状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation>已关机</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Virtual machines</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Virtual machine</source>
        <translation>虚拟机(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>%1 virtual machines · %2 running</source>
        <translation>%1 个虚拟机 · %2 个运行中</translation>
    </message>
    <message>
        <source>%1 of %2 virtual machines shown · %3 of them running</source>
        <translation>显示 %2 个虚拟机中的 %1 个 · 其中 %3 个运行中</translation>
    </message>
    <message>
        <source>All connections</source>
        <translation>所有连接</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connect automatically at start</source>
        <translation>启动时自动连接</translation>
    </message>
    <message>
        <source>Virtual networks…</source>
        <translation>虚拟网络…</translation>
    </message>
    <message>
        <source>Host interfaces…</source>
        <translation>主机接口…</translation>
    </message>
    <message>
        <source>Network map…</source>
        <translation>网络拓扑图…</translation>
    </message>
    <message>
        <source>Storage…</source>
        <translation>存储…</translation>
    </message>
    <message>
        <source>Remove connection</source>
        <translation>移除连接</translation>
    </message>
</context>
<context>
    <name>MemoryPage</name>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Shared memory (memfd)</source>
        <translation>共享内存（memfd）</translation>
    </message>
    <message>
        <source>Current memory:</source>
        <translation>当前内存：</translation>
    </message>
    <message>
        <source>Maximum memory:</source>
        <translation>最大内存：</translation>
    </message>
    <message>
        <source>Backing:</source>
        <translation>后备：</translation>
    </message>
    <message>
        <source>Current memory is what the balloon lets the guest use; it changes live up to the maximum. Shared folders (virtiofs) need shared memory.</source>
        <translation>当前内存是气球驱动允许客户机使用的内存；它可在最大值以内在线调整。共享文件夹（virtiofs）需要共享内存。</translation>
    </message>
    <message>
        <source>Running now with %1 of %2.</source>
        <translation>当前以 %1 运行，最大 %2。</translation>
    </message>
</context>
<context>
    <name>ModeCards</name>
    <message>
        <source>Private network behind the host; VMs reach out, LAN can&apos;t reach in</source>
        <translation>主机后面的私有网络；虚拟机可访问外部，局域网无法访问进来</translation>
    </message>
    <message>
        <source>VM joins the host&apos;s LAN as a machine of its own</source>
        <translation>虚拟机作为一台独立的机器加入主机所在的局域网</translation>
    </message>
    <message>
        <source>VMs and the host only, no way out</source>
        <translation>只有虚拟机和主机，无法访问外部</translation>
    </message>
    <message>
        <source>VMs see only each other</source>
        <translation>虚拟机之间只能互相访问</translation>
    </message>
    <message>
        <source>Host routes the VMs&apos; subnet without NAT</source>
        <translation>主机为虚拟机子网做路由，不做 NAT</translation>
    </message>
    <message>
        <source>Routed, and libvirt adds no firewall rules</source>
        <translation>路由模式，且 libvirt 不添加防火墙规则</translation>
    </message>
    <message>
        <source>VM directly on a physical NIC; the host can&apos;t reach it</source>
        <translation>虚拟机直接接在物理网卡上；主机无法访问它</translation>
    </message>
    <message>
        <source>No setup, no root: the VM shares the host&apos;s connections</source>
        <translation>无需配置、无需 root：虚拟机共享主机的连接</translation>
    </message>
    <message>
        <source>The NIC stays, its cable is unplugged</source>
        <translation>网卡保留，但网线已拔出</translation>
    </message>
    <message>
        <source>VM → host</source>
        <translation>虚拟机 → 主机</translation>
    </message>
    <message>
        <source>Host → VM</source>
        <translation>主机 → 虚拟机</translation>
    </message>
    <message>
        <source>VM → other hosts</source>
        <translation>虚拟机 → 其他主机</translation>
    </message>
    <message>
        <source>Other hosts → VM</source>
        <translation>其他主机 → 虚拟机</translation>
    </message>
    <message>
        <source>VM ↔ VM</source>
        <translation>虚拟机 ↔ 虚拟机</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>with setup</source>
        <translation>需配置</translation>
    </message>
    <message>
        <source>bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>switch</source>
        <translation>交换机</translation>
    </message>
    <message>
        <source>router</source>
        <translation>路由器</translation>
    </message>
    <message>
        <source>user stack</source>
        <translation>用户态协议栈</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
</context>
<context>
    <name>NetworkDialog</name>
    <message>
        <source>Edit network</source>
        <translation>编辑网络</translation>
    </message>
    <message>
        <source>Create network</source>
        <translation>创建网络</translation>
    </message>
    <message>
        <source>Suggest</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Hand out addresses with DHCP</source>
        <translation>用 DHCP 分配地址</translation>
    </message>
    <message>
        <source>any host interface</source>
        <translation>任意主机接口</translation>
    </message>
    <message>
        <source>Start when the host boots</source>
        <translation>主机启动时启动</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Mode:</source>
        <translation>模式：</translation>
    </message>
    <message>
        <source>Subnet:</source>
        <translation>子网：</translation>
    </message>
    <message>
        <source>DHCP range:</source>
        <translation>DHCP 范围：</translation>
    </message>
    <message>
        <source>Bridge:</source>
        <translation>网桥：</translation>
    </message>
    <message>
        <source>Forward through:</source>
        <translation>转发经由：</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>No free subnet is left in the configured pool.</source>
        <translation>配置的地址池中已没有空闲子网。</translation>
    </message>
    <message>
        <source>Host bridge:</source>
        <translation>主机网桥：</translation>
    </message>
    <message>
        <source>Bridge name:</source>
        <translation>网桥名称：</translation>
    </message>
    <message>
        <source>an existing host bridge</source>
        <translation>已有的主机网桥</translation>
    </message>
    <message>
        <source>chosen by libvirt (virbrN)</source>
        <translation>由 libvirt 选择（virbrN）</translation>
    </message>
    <message>
        <source>a subnet is needed for this mode</source>
        <translation>此模式需要一个子网</translation>
    </message>
    <message>
        <source>The network is running: these changes take effect when it restarts (guests on it lose connectivity briefly).</source>
        <translation>该网络正在运行：这些更改在它重启后生效（其上的客户机会短暂断网）。</translation>
    </message>
    <message>
        <source>mode %1</source>
        <translation>模式 %1</translation>
    </message>
    <message>
        <source>subnet %1</source>
        <translation>子网 %1</translation>
    </message>
    <message>
        <source>host address %1</source>
        <translation>主机地址 %1</translation>
    </message>
    <message>
        <source>DHCP from %1</source>
        <translation>DHCP 起始 %1</translation>
    </message>
    <message>
        <source>DHCP to %1</source>
        <translation>DHCP 结束 %1</translation>
    </message>
    <message>
        <source>bridge %1</source>
        <translation>网桥 %1</translation>
    </message>
    <message>
        <source>forwarding through %1</source>
        <translation>经由 %1 转发</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Saved changes wait for the network to restart. It runs with: %1.</source>
        <translation>已保存的更改等待网络重启后生效。当前运行配置：%1。</translation>
    </message>
</context>
<context>
    <name>NetworkMap</name>
    <message>
        <source>Virtual machines</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>NICs</source>
        <translation>网卡</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Host bridges</source>
        <translation>主机网桥</translation>
    </message>
    <message>
        <source>VLANs</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>Bonds</source>
        <translation>网卡绑定</translation>
    </message>
    <message>
        <source>Host ports</source>
        <translation>主机端口</translation>
    </message>
    <message>
        <source>User-mode networking</source>
        <translation>用户模式网络</translation>
    </message>
    <message>
        <source>macvtap · %1</source>
        <translation>macvtap · %1</translation>
    </message>
    <message>
        <source>not listed by the host</source>
        <translation>主机未列出</translation>
    </message>
    <message>
        <source>bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>VLAN</source>
        <translation>VLAN</translation>
    </message>
    <message>
        <source>bond · %1</source>
        <translation>网卡绑定 · %1</translation>
    </message>
    <message>
        <source>bond</source>
        <translation>网卡绑定</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>%1 · inactive</source>
        <translation>%1 · 未启用</translation>
    </message>
    <message>
        <source>%1 · down</source>
        <translation>%1 · 已断开</translation>
    </message>
    <message>
        <source>NIC %1</source>
        <translation>网卡 %1</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>型号：%1</translation>
    </message>
    <message>
        <source>Click to edit this NIC</source>
        <translation>点击编辑此网卡</translation>
    </message>
    <message>
        <source>Click to edit this network</source>
        <translation>点击编辑此网络</translation>
    </message>
    <message>
        <source>Click to edit this bond</source>
        <translation>点击编辑此网卡绑定</translation>
    </message>
    <message>
        <source>No NIC</source>
        <translation>无网卡</translation>
    </message>
    <message>
        <source>%1 — %n VM(s)</source>
        <translation>%1 — %n 台虚拟机</translation>
    </message>
</context>
<context>
    <name>NetworkMapWindow</name>
    <message>
        <source>Network map — %1</source>
        <translation>网络拓扑图 — %1</translation>
    </message>
    <message>
        <source>&amp;Fit to window</source>
        <translation>适应窗口(&amp;F)</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Refresh host interfaces</source>
        <translation>刷新主机网络接口(&amp;R)</translation>
    </message>
    <message>
        <source>Export &amp;SVG…</source>
        <translation>导出 SVG(&amp;S)…</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>导出 PNG(&amp;P)…</translation>
    </message>
    <message>
        <source>Network map</source>
        <translation>网络拓扑图</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>%1 VMs, %2 networks, %3 host ports. Click a NIC, network or bond to edit it.</source>
        <translation>%1 台虚拟机，%2 个网络，%3 个主机端口。点击网卡、网络或网卡绑定即可编辑。</translation>
    </message>
    <message>
        <source>Host interfaces are not shown</source>
        <translation>未显示主机网络接口</translation>
    </message>
    <message>
        <source>Export the map as SVG</source>
        <translation>将拓扑图导出为 SVG</translation>
    </message>
    <message>
        <source>SVG images (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>Export the map as PNG</source>
        <translation>将拓扑图导出为 PNG</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Map exported</source>
        <translation>拓扑图已导出</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>已保存到 %1</translation>
    </message>
</context>
<context>
    <name>NetworkMode</name>
    <message>
        <source>NAT</source>
        <translation>NAT</translation>
    </message>
    <message>
        <source>Bridged</source>
        <translation>桥接</translation>
    </message>
    <message>
        <source>Host-only</source>
        <translation>仅主机</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>内部网络</translation>
    </message>
    <message>
        <source>Routed</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>开放</translation>
    </message>
    <message>
        <source>macvtap</source>
        <translation>macvtap</translation>
    </message>
    <message>
        <source>User-mode</source>
        <translation>用户模式</translation>
    </message>
    <message>
        <source>Not attached</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
</context>
<context>
    <name>NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>How the VM is connected; you can change it later.</source>
        <translation>虚拟机如何连接网络；以后可以更改。</translation>
    </message>
    <message>
        <source>No network interface</source>
        <translation>无网络接口</translation>
    </message>
</context>
<context>
    <name>NetworkTableModel</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>Subnets</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>DHCP range</source>
        <translation>DHCP 范围</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>持久</translation>
    </message>
    <message>
        <source>Domains</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>NewVmWizard</name>
    <message>
        <source>New Virtual Machine</source>
        <translation>新建虚拟机</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>创建</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>, Secure Boot</source>
        <translation>，安全启动</translation>
    </message>
    <message>
        <source>, TPM 2.0</source>
        <translation>，TPM 2.0</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Operating system</source>
        <translation>操作系统</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>CPUs / memory</source>
        <translation>CPU / 内存</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>the imported image</source>
        <translation>导入的镜像</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Firmware</source>
        <translation>固件</translation>
    </message>
    <message>
        <source>Copying the file into the pool…</source>
        <translation>正在把文件复制到存储池…</translation>
    </message>
    <message>
        <source>Creating the disk…</source>
        <translation>正在创建磁盘…</translation>
    </message>
    <message>
        <source>Writing the cloud-init seed…</source>
        <translation>正在写入 cloud-init 种子…</translation>
    </message>
    <message>
        <source>Defining the VM…</source>
        <translation>正在定义虚拟机…</translation>
    </message>
    <message>
        <source>Starting the VM…</source>
        <translation>正在启动虚拟机…</translation>
    </message>
    <message>
        <source>Taking the install media out of the boot order…</source>
        <translation>正在把安装介质移出引导顺序…</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
</context>
<context>
    <name>NicBacking</name>
    <message>
        <source>(on %1)</source>
        <translation>（位于 %1）</translation>
    </message>
    <message>
        <source>— stopped</source>
        <translation>— 已停止</translation>
    </message>
    <message>
        <source>Create a new network…</source>
        <translation>创建新网络…</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>网络：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Hand out addresses by DHCP</source>
        <translation>用 DHCP 分配地址</translation>
    </message>
    <message>
        <source>First DHCP address</source>
        <translation>DHCP 起始地址</translation>
    </message>
    <message>
        <source>Last DHCP address</source>
        <translation>DHCP 结束地址</translation>
    </message>
    <message>
        <source>A free subnet from the pool; change it if you like.</source>
        <translation>地址池中的一个空闲子网；可按需更改。</translation>
    </message>
    <message>
        <source>Every subnet of the pool is in use: enter one that is free.</source>
        <translation>地址池中的每个子网都已被使用：请输入一个空闲的子网。</translation>
    </message>
    <message>
        <source>Subnet:</source>
        <translation>子网：</translation>
    </message>
    <message>
        <source>DHCP range:</source>
        <translation>DHCP 范围：</translation>
    </message>
    <message>
        <source>An internal network has no address on the host and no DHCP: give the guests static addresses.</source>
        <translation>内部网络在主机上没有地址，也没有 DHCP：请为客户机配置静态地址。</translation>
    </message>
    <message>
        <source>Start with the host</source>
        <translation>随主机启动</translation>
    </message>
    <message>
        <source>the DHCP range needs a start and an end address</source>
        <translation>DHCP 范围需要起始和结束地址</translation>
    </message>
    <message>
        <source>DHCP range start</source>
        <translation>DHCP 范围起始</translation>
    </message>
    <message>
        <source>DHCP range end</source>
        <translation>DHCP 范围结束</translation>
    </message>
    <message>
        <source>%1 — network</source>
        <translation>%1 — 网络</translation>
    </message>
    <message>
        <source>%1 — host bridge</source>
        <translation>%1 — 主机网桥</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>连接到：</translation>
    </message>
    <message>
        <source>There is no host bridge and no bridge-mode network on this connection. Create a bridge on the host (for example br0 over the wired NIC) first.</source>
        <translation>此连接上没有主机网桥，也没有网桥模式的网络。请先在主机上创建一个网桥（例如在有线网卡上建 br0）。</translation>
    </message>
    <message>
        <source>%1 — host device</source>
        <translation>%1 — 主机设备</translation>
    </message>
    <message>
        <source>Host device:</source>
        <translation>主机设备：</translation>
    </message>
    <message>
        <source>bridge — VMs on the same device see each other</source>
        <translation>bridge — 同一设备上的虚拟机可互相访问</translation>
    </message>
    <message>
        <source>vepa — all traffic goes through the external switch</source>
        <translation>vepa — 所有流量都经过外部交换机</translation>
    </message>
    <message>
        <source>private — VMs never see each other</source>
        <translation>private — 虚拟机之间永远互不可见</translation>
    </message>
    <message>
        <source>passthrough — the VM owns the device</source>
        <translation>passthrough — 虚拟机独占该设备</translation>
    </message>
    <message>
        <source>macvtap mode:</source>
        <translation>macvtap 模式：</translation>
    </message>
    <message>
        <source>The host and this VM cannot talk to each other over macvtap: traffic leaves through the device without passing the host&apos;s own network stack.</source>
        <translation>在 macvtap 下主机与此虚拟机无法互相通信：流量直接从设备发出，不经过主机自身的网络协议栈。</translation>
    </message>
    <message>
        <source>No host network device or macvtap network was found to attach macvtap to.</source>
        <translation>没有找到可用于 macvtap 的主机网络设备或 macvtap 网络。</translation>
    </message>
    <message>
        <source>Default (QEMU&apos;s built-in slirp)</source>
        <translation>默认（QEMU 内置的 slirp）</translation>
    </message>
    <message>
        <source>passt</source>
        <translation>passt</translation>
    </message>
    <message>
        <source>Faster, with IPv6 and port forwards; needs passt on the host and libvirt 9.2 or later</source>
        <translation>更快，支持 IPv6 和端口转发；需要主机上有 passt 且 libvirt 为 9.2 或更高版本</translation>
    </message>
    <message>
        <source>Backend:</source>
        <translation>后端：</translation>
    </message>
    <message>
        <source>The VM reaches out through the host&apos;s own connections; nothing reaches the VM without a port forward. This is the natural choice for a user session: it needs no root.</source>
        <translation>虚拟机通过主机自身的连接访问外部；没有端口转发时外部无法访问虚拟机。这是用户会话的自然选择：无需 root。</translation>
    </message>
    <message>
        <source>The VM reaches out through the host&apos;s own connections; nothing reaches the VM without a port forward.</source>
        <translation>虚拟机通过主机自身的连接访问外部；没有端口转发时外部无法访问虚拟机。</translation>
    </message>
    <message>
        <source>The NIC stays in the VM and its link goes down, like an unplugged cable. What it was connected to is kept: choose a mode again to plug it back in.</source>
        <translation>网卡保留在虚拟机中，其链路断开，就像拔掉了网线。原先的连接目标会保留：再次选择一种模式即可重新插上。</translation>
    </message>
</context>
<context>
    <name>NicDialog</name>
    <message>
        <source>Add the NIC in a mode first, then unplug it.</source>
        <translation>请先以某种模式添加网卡，然后再拔出网线。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Add Network Interface</source>
        <translation>添加网络接口</translation>
    </message>
    <message>
        <source>Network Interface %1</source>
        <translation>网络接口 %1</translation>
    </message>
    <message>
        <source>(hypervisor default)</source>
        <translation>（虚拟化管理程序默认）</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>型号：</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>A new random address in 52:54:00:xx:xx:xx</source>
        <translation>在 52:54:00:xx:xx:xx 中随机生成新地址</translation>
    </message>
    <message>
        <source>MAC address:</source>
        <translation>MAC 地址：</translation>
    </message>
    <message>
        <source>Link up (virtual cable plugged in)</source>
        <translation>链路接通（虚拟网线已插上）</translation>
    </message>
    <message>
        <source>Link state:</source>
        <translation>链路状态：</translation>
    </message>
    <message>
        <source>Port group:</source>
        <translation>端口组：</translation>
    </message>
    <message>
        <source>Choose a mode for this interface.</source>
        <translation>请为此接口选择一种模式。</translation>
    </message>
    <message>
        <source>This is a user session connection: %1 needs privileges it usually lacks (a system network, or qemu-bridge-helper for bridges). User-mode works without them.</source>
        <translation>这是用户会话连接：%1 需要它通常没有的权限（系统网络，或网桥所需的 qemu-bridge-helper）。用户模式无需这些权限。</translation>
    </message>
    <message>
        <source>User-mode NICs are slow and cannot be reached from the host.</source>
        <translation>用户模式网卡速度较慢，且无法从主机访问。</translation>
    </message>
    <message>
        <source>(network default)</source>
        <translation>（网络默认）</translation>
    </message>
    <message>
        <source>Also used by %1 on this connection: the two NICs would clash.</source>
        <translation>此连接上的 %1 也在使用：两块网卡会冲突。</translation>
    </message>
    <message>
        <source>choose a mode for this interface</source>
        <translation>请为此接口选择一种模式</translation>
    </message>
    <message>
        <source>the NIC needs a MAC address (press Generate for a new one)</source>
        <translation>网卡需要一个 MAC 地址（点击“生成”获取新地址）</translation>
    </message>
    <message>
        <source>another NIC of this VM already has MAC %1</source>
        <translation>此虚拟机的另一块网卡已使用 MAC %1</translation>
    </message>
    <message>
        <source>The network %1 is stopped: it is started first.</source>
        <translation>网络 %1 已停止：将先启动它。</translation>
    </message>
    <message>
        <source>The VM is running, and this connection cannot change a running VM&apos;s interfaces: the change is saved and takes effect after the VM restarts.</source>
        <translation>虚拟机正在运行，而此连接无法更改运行中虚拟机的接口：更改会被保存，在虚拟机重启后生效。</translation>
    </message>
    <message>
        <source>The NIC is plugged into the running VM now and kept.</source>
        <translation>网卡现在就插入运行中的虚拟机，并会保留。</translation>
    </message>
    <message>
        <source>Model/MAC changes take effect after restart: the change is saved now and the running VM keeps its NIC as it is until then.</source>
        <translation>型号/MAC 的更改在重启后生效：更改现在保存，运行中的虚拟机在此之前保持其网卡不变。</translation>
    </message>
    <message>
        <source>The VM is running and its %1 cannot change while it runs: the change is saved now and takes effect after restart.</source>
        <translation>虚拟机正在运行，其%1在运行时无法更改：更改现在保存，重启后生效。</translation>
    </message>
    <message>
        <source>The change applies to the running VM now and is kept.</source>
        <translation>更改现在应用到运行中的虚拟机，并会保留。</translation>
    </message>
</context>
<context>
    <name>NicEditing</name>
    <message>
        <source>Could not make the running settings of “%1” permanent</source>
        <translation>无法把“%1”的运行设置设为永久</translation>
    </message>
    <message>
        <source>Could not revert the running interfaces of “%1”</source>
        <translation>无法还原“%1”的运行中接口</translation>
    </message>
    <message>
        <source>Restart Virtual Machine</source>
        <translation>重启虚拟机</translation>
    </message>
    <message>
        <source>Restart “%1” now?</source>
        <translation>立即重启“%1”？</translation>
    </message>
    <message>
        <source>The guest is asked to shut down and is started again once it is off, so that the changes saved in its configuration take effect. Unsaved work in the guest is lost if its programs do not save it on shutdown.</source>
        <translation>将请求客户机关机，关机后再启动它，使其配置中已保存的更改生效。如果客户机中的程序在关机时不保存，未保存的工作将丢失。</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重启</translation>
    </message>
    <message>
        <source>Could not restart %1</source>
        <translation>无法重启 %1</translation>
    </message>
    <message>
        <source>Remove Network Interface</source>
        <translation>移除网络接口</translation>
    </message>
    <message>
        <source>Remove the network interface %1 from “%2”?</source>
        <translation>从“%2”移除网络接口 %1？</translation>
    </message>
    <message>
        <source>The VM is running: the NIC is unplugged now where the hypervisor can, otherwise it goes when the VM restarts.</source>
        <translation>虚拟机正在运行：虚拟化管理程序支持时网卡立即拔出，否则在虚拟机重启时移除。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Cannot edit the network interface</source>
        <translation>无法编辑该网络接口</translation>
    </message>
    <message>
        <source>%1 has no NIC with MAC %2 any more.</source>
        <translation>%1 已不再有 MAC 为 %2 的网卡。</translation>
    </message>
    <message>
        <source>Could not add a network interface to %1</source>
        <translation>无法为 %1 添加网络接口</translation>
    </message>
    <message>
        <source>Could not change the network interface of %1</source>
        <translation>无法更改 %1 的网络接口</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>MAC address</source>
        <translation>MAC 地址</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Link state</source>
        <translation>链路状态</translation>
    </message>
    <message>
        <source>the network interface of %1</source>
        <translation>%1 的网络接口</translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation>重启后生效</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>The network %1 created for this interface is still there and could not be deleted: %2</source>
        <translation>为此接口创建的网络 %1 仍然存在，且无法删除：%2</translation>
    </message>
    <message>
        <source>The network %1 created for this interface was deleted again.</source>
        <translation>为此接口创建的网络 %1 已被再次删除。</translation>
    </message>
    <message>
        <source>Could not remove the network interface of %1</source>
        <translation>无法移除 %1 的网络接口</translation>
    </message>
</context>
<context>
    <name>NicSpec</name>
    <message>
        <source>no network named %1 on this connection</source>
        <translation>此连接上没有名为 %1 的网络</translation>
    </message>
    <message>
        <source>a bridged NIC takes a host bridge, not a host device</source>
        <translation>桥接网卡使用主机网桥，而不是主机设备</translation>
    </message>
    <message>
        <source>a macvtap NIC takes a host device, not a bridge</source>
        <translation>macvtap 网卡使用主机设备，而不是网桥</translation>
    </message>
    <message>
        <source>a user-mode NIC takes no network, bridge or host device</source>
        <translation>用户模式网卡不使用网络、网桥或主机设备</translation>
    </message>
    <message>
        <source>user-mode backend must be slirp or passt: %1</source>
        <translation>用户模式后端必须是 slirp 或 passt：%1</translation>
    </message>
    <message>
        <source>a portgroup applies only to a NIC on a network</source>
        <translation>端口组只适用于接在网络上的网卡</translation>
    </message>
    <message>
        <source>network %1 has no portgroup %2</source>
        <translation>网络 %1 没有端口组 %2</translation>
    </message>
    <message>
        <source>a backend applies only to user-mode NICs</source>
        <translation>后端只适用于用户模式网卡</translation>
    </message>
    <message>
        <source>a new NIC cannot start in mode &apos;none&apos;; add it in a mode, then unplug it</source>
        <translation>新网卡不能以“none”模式开始；请先以某种模式添加，再拔出网线</translation>
    </message>
    <message>
        <source>not a NIC model name: %1</source>
        <translation>不是网卡型号名称：%1</translation>
    </message>
</context>
<context>
    <name>NicTableModel</name>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>已移除</translation>
    </message>
    <message>
        <source>%1 → %2 after restart</source>
        <translation>重启后 %1 → %2</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Port group: %1</source>
        <translation>端口组：%1</translation>
    </message>
    <message>
        <source>macvtap mode: %1</source>
        <translation>macvtap 模式：%1</translation>
    </message>
    <message>
        <source>Host device: %1</source>
        <translation>主机设备：%1</translation>
    </message>
    <message>
        <source>Network %1 is not defined on this connection</source>
        <translation>网络 %1 未在此连接上定义</translation>
    </message>
    <message>
        <source>The virtual cable is unplugged</source>
        <translation>虚拟网线已拔出</translation>
    </message>
    <message>
        <source>Takes effect after restart: the change is saved in the configuration; the running VM still has the NIC as shown.</source>
        <translation>重启后生效：更改已保存到配置中；运行中的虚拟机仍保持所示的网卡。</translation>
    </message>
</context>
<context>
    <name>NicsPage</name>
    <message>
        <source>Network interfaces</source>
        <translation>网络接口</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
</context>
<context>
    <name>Notification</name>
    <message numerus="yes">
        <source>Show all %n</source>
        <translation>
            <numerusform>显示全部 %n 条</numerusform>
        </translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Dismiss notification</source>
        <translation>关闭通知</translation>
    </message>
</context>
<context>
    <name>OsPage</name>
    <message>
        <source>Which operating system?</source>
        <translation>哪种操作系统？</translation>
    </message>
    <message>
        <source>Detected from the ISO where possible; the defaults of the next pages follow it.</source>
        <translation>尽可能从 ISO 中检测；后续页面的默认值随之而定。</translation>
    </message>
    <message>
        <source>Type to filter, e.g. debian, windows, fedora</source>
        <translation>输入以筛选，例如 debian、windows、fedora</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>检测到：%1</translation>
    </message>
    <message>
        <source>This ISO could also be %1: the media of these releases look alike. Check and pick the right one.</source>
        <translation>此 ISO 也可能是 %1：这些版本的介质看起来相似。请检查并选择正确的一个。</translation>
    </message>
    <message>
        <source>Not detected: choose the operating system.</source>
        <translation>未检测到：请选择操作系统。</translation>
    </message>
    <message>
        <source>The OS database (osinfo-db) is from %1: newer systems are not in it. Pick the closest family, e.g. “Generic Linux 2022” or “Microsoft Windows 11”.</source>
        <translation>操作系统数据库（osinfo-db）来自 %1：其中没有较新的系统。请选择最接近的系列，例如“Generic Linux 2022”或“Microsoft Windows 11”。</translation>
    </message>
</context>
<context>
    <name>OtherDevicesPage</name>
    <message>
        <source>Other devices</source>
        <translation>其他设备</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>更改</translation>
    </message>
    <message>
        <source>Give the selected device the model shown</source>
        <translation>把所选设备改为所示的型号</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>A random-number generator is plugged into a running VM at once; the other devices take effect at the next start.</source>
        <translation>随机数生成器会立即插入运行中的虚拟机；其他设备在下次启动时生效。</translation>
    </message>
    <message>
        <source>Graphics</source>
        <translation>图形</translation>
    </message>
    <message>
        <source>Video</source>
        <translation>显卡</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声卡</translation>
    </message>
    <message>
        <source>TPM</source>
        <translation>TPM</translation>
    </message>
    <message>
        <source>Serial port</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>Watchdog</source>
        <translation>看门狗</translation>
    </message>
    <message>
        <source>Random-number generator</source>
        <translation>随机数生成器</translation>
    </message>
</context>
<context>
    <name>OverviewPage</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Start when the host starts</source>
        <translation>主机启动时启动</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>描述：</translation>
    </message>
    <message>
        <source>Autostart:</source>
        <translation>自动启动：</translation>
    </message>
    <message>
        <source>Firmware:</source>
        <translation>固件：</translation>
    </message>
    <message>
        <source>Machine:</source>
        <translation>机器：</translation>
    </message>
    <message>
        <source>Firmware and machine type are fixed when the VM is created: the guest&apos;s operating system was installed on that virtual hardware, and changing it can leave the guest unable to boot.</source>
        <translation>固件和机器类型在创建虚拟机时即已确定：客户机操作系统是在这套虚拟硬件上安装的，更改它可能导致客户机无法引导。</translation>
    </message>
    <message>
        <source>UEFI</source>
        <translation>UEFI</translation>
    </message>
    <message>
        <source>BIOS</source>
        <translation>BIOS</translation>
    </message>
    <message>
        <source>BIOS (the hypervisor&apos;s default)</source>
        <translation>BIOS（虚拟化管理程序的默认值）</translation>
    </message>
    <message>
        <source>the hypervisor&apos;s default</source>
        <translation>虚拟化管理程序的默认值</translation>
    </message>
    <message>
        <source>A running VM cannot be renamed; shut it down first.</source>
        <translation>运行中的虚拟机不能重命名；请先关机。</translation>
    </message>
</context>
<context>
    <name>RecoveryOffers</name>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Not known whether done: %1</source>
        <translation>不确定是否已完成：%1</translation>
    </message>
    <message>
        <source>Not done: %1</source>
        <translation>未完成：%1</translation>
    </message>
    <message>
        <source>Interrupted on %1: %2</source>
        <translation>在 %1 上被中断：%2</translation>
    </message>
    <message>
        <source>%1
Finish it or undo it?</source>
        <translation>%1
要完成还是撤销？</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Leave it as it is</source>
        <translation>保持原样</translation>
    </message>
    <message>
        <source>Could not finish: %1</source>
        <translation>无法完成：%1</translation>
    </message>
    <message>
        <source>Could not undo: %1</source>
        <translation>无法撤销：%1</translation>
    </message>
    <message>
        <source>Finished: %1</source>
        <translation>已完成：%1</translation>
    </message>
    <message>
        <source>Undone: %1</source>
        <translation>已撤销：%1</translation>
    </message>
</context>
<context>
    <name>ResizeVolumeDialog</name>
    <message>
        <source>Resize %1</source>
        <translation>调整 %1 的大小</translation>
    </message>
    <message>
        <source>Resize</source>
        <translation>调整大小</translation>
    </message>
    <message>
        <source>Allow shrinking (data past the new end is lost)</source>
        <translation>允许缩小（超出新末尾的数据将丢失）</translation>
    </message>
    <message>
        <source>The guest&apos;s partitions and file systems must be grown inside the guest.</source>
        <translation>客户机的分区和文件系统需要在客户机内部扩展。</translation>
    </message>
    <message>
        <source>Current size:</source>
        <translation>当前大小：</translation>
    </message>
    <message>
        <source>New size:</source>
        <translation>新大小：</translation>
    </message>
</context>
<context>
    <name>ResourcesPage</name>
    <message>
        <source>CPUs, memory and disk</source>
        <translation>CPU、内存和磁盘</translation>
    </message>
    <message>
        <source>CPUs:</source>
        <translation>CPU：</translation>
    </message>
    <message>
        <source>Memory:</source>
        <translation>内存：</translation>
    </message>
    <message>
        <source>Disk size:</source>
        <translation>磁盘大小：</translation>
    </message>
    <message>
        <source>%1 — %2 free</source>
        <translation>%1 — 可用 %2</translation>
    </message>
    <message>
        <source>(no running storage pool)</source>
        <translation>（没有运行中的存储池）</translation>
    </message>
    <message>
        <source>Storage pool:</source>
        <translation>存储池：</translation>
    </message>
    <message>
        <source>The host has %1 CPUs and %2 of memory, %3 free now.</source>
        <translation>主机有 %1 个 CPU 和 %2 内存，当前可用 %3。</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
</context>
<context>
    <name>RestartBadge</name>
    <message>
        <source>Takes effect after restart: the change is saved in the configuration; the running VM keeps its current settings until it is restarted.</source>
        <translation>重启后生效：更改已保存到配置中；运行中的虚拟机在重启前保持当前设置。</translation>
    </message>
</context>
<context>
    <name>RevertDialog</name>
    <message>
        <source>Revert to snapshot?</source>
        <translation>恢复到快照？</translation>
    </message>
    <message>
        <source>Revert</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Revert %1 to snapshot “%2” of %3?</source>
        <translation>把 %1 恢复到 %3 的快照“%2”？</translation>
    </message>
    <message>
        <source>The VM&apos;s current state since then is lost: everything written to its disks since %1, and what it is running now (its memory). This cannot be undone.</source>
        <translation>虚拟机此后的当前状态将丢失：自 %1 以来写入其磁盘的所有内容，以及它现在正在运行的内容（内存）。此操作无法撤销。</translation>
    </message>
    <message>
        <source>The VM&apos;s current state since then is lost: everything written to its disks since %1. This cannot be undone.</source>
        <translation>虚拟机此后的当前状态将丢失：自 %1 以来写入其磁盘的所有内容。此操作无法撤销。</translation>
    </message>
    <message>
        <source>Afterwards the VM is %1, as it was then.</source>
        <translation>之后虚拟机将是%1状态，与当时一样。</translation>
    </message>
    <message>
        <source>Afterwards the VM is shut off, with its disks as they were then.</source>
        <translation>之后虚拟机将处于关机状态，磁盘与当时一样。</translation>
    </message>
    <message>
        <source>Snapshots taken after it are kept: %1.</source>
        <translation>在它之后创建的快照会保留：%1。</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Review and create</source>
        <translation>检查并创建</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Domain XML (first boot):</source>
        <translation>域 XML（首次引导）：</translation>
    </message>
</context>
<context>
    <name>SafeApplyFlow</name>
    <message>
        <source>Host network changed</source>
        <translation>主机网络已更改</translation>
    </message>
    <message>
        <source>Rolling back failed</source>
        <translation>回滚失败</translation>
    </message>
    <message>
        <source>Change rolled back after an error</source>
        <translation>出错后更改已回滚</translation>
    </message>
    <message>
        <source>Change rolled back</source>
        <translation>更改已回滚</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>注意</translation>
    </message>
</context>
<context>
    <name>ScreenPage</name>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 frames/s</source>
        <translation>%1 帧/秒</translation>
    </message>
    <message>
        <source>Connecting to the screen…</source>
        <translation>正在连接屏幕…</translation>
    </message>
    <message>
        <source>The screen cannot be opened: %1</source>
        <translation>无法打开屏幕：%1</translation>
    </message>
    <message>
        <source>Connecting to the screen (%1)…</source>
        <translation>正在连接屏幕（%1）…</translation>
    </message>
    <message>
        <source>The screen&apos;s connection ended: %1</source>
        <translation>屏幕连接已结束：%1</translation>
    </message>
    <message>
        <source>The VM&apos;s screen asks for a VNC password.</source>
        <translation>虚拟机的屏幕需要 VNC 密码。</translation>
    </message>
    <message>
        <source>The VNC server did not accept the password: %1</source>
        <translation>VNC 服务器不接受该密码：%1</translation>
    </message>
    <message>
        <source>The VNC server did not accept the password.</source>
        <translation>VNC 服务器不接受该密码。</translation>
    </message>
    <message>
        <source>VNC password</source>
        <translation>VNC 密码</translation>
    </message>
    <message>
        <source>The password was not accepted. Try again.
Password for the screen of this VM:</source>
        <translation>密码未被接受，请重试。
此虚拟机屏幕的密码：</translation>
    </message>
    <message>
        <source>Password for the screen of this VM:</source>
        <translation>此虚拟机屏幕的密码：</translation>
    </message>
    <message>
        <source>No password given: the screen stays closed.</source>
        <translation>未提供密码：屏幕保持关闭。</translation>
    </message>
</context>
<context>
    <name>ScreenThumbnail</name>
    <message>
        <source>The VM&apos;s screen — click to open its console</source>
        <translation>虚拟机的屏幕 — 点击打开其控制台</translation>
    </message>
</context>
<context>
    <name>SecondaryWindow</name>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>SectionPage</name>
    <message>
        <source>Revert</source>
        <translation>还原</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
</context>
<context>
    <name>SerialPage</name>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting to the serial console…</source>
        <translation>正在连接串口控制台…</translation>
    </message>
    <message>
        <source>The serial console cannot be opened: %1</source>
        <translation>无法打开串口控制台：%1</translation>
    </message>
    <message>
        <source>Serial console · %1 × %2</source>
        <translation>串口控制台 · %1 × %2</translation>
    </message>
    <message>
        <source>The serial console closed: %1</source>
        <translation>串口控制台已关闭：%1</translation>
    </message>
    <message>
        <source>The console is not taking input as fast: some was dropped</source>
        <translation>控制台接收输入的速度跟不上：部分输入被丢弃</translation>
    </message>
    <message>
        <source>Serial console · %1 × %2 (run “resize” in the guest to use it)</source>
        <translation>串口控制台 · %1 × %2（在客户机中运行“resize”以使用此尺寸）</translation>
    </message>
    <message>
        <source>Cannot send a break: %1</source>
        <translation>无法发送 break：%1</translation>
    </message>
</context>
<context>
    <name>SettingsWindow</name>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>CPUs</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Boot</source>
        <translation>引导</translation>
    </message>
    <message>
        <source>Disks</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Shared folders</source>
        <translation>共享文件夹</translation>
    </message>
    <message>
        <source>Network interfaces</source>
        <translation>网络接口</translation>
    </message>
    <message>
        <source>Host USB devices</source>
        <translation>主机 USB 设备</translation>
    </message>
    <message>
        <source>Other devices</source>
        <translation>其他设备</translation>
    </message>
    <message>
        <source>Could not change the settings</source>
        <translation>无法更改设置</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>%1 — Settings</source>
        <translation>%1 — 设置</translation>
    </message>
    <message>
        <source>Takes effect after restart</source>
        <translation>重启后生效</translation>
    </message>
    <message>
        <source>Applied: %1</source>
        <translation>已应用：%1</translation>
    </message>
    <message>
        <source>Remove Disk</source>
        <translation>移除磁盘</translation>
    </message>
    <message>
        <source>Remove the disk %1 from this VM? Its file or volume stays.</source>
        <translation>从此虚拟机移除磁盘 %1？其文件或卷会保留。</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Resize Disk</source>
        <translation>调整磁盘大小</translation>
    </message>
    <message>
        <source>New size of %1 (e.g. 20G; disks only grow):</source>
        <translation>%1 的新大小（例如 20G；磁盘只能增大）：</translation>
    </message>
    <message>
        <source>Insert Media</source>
        <translation>插入介质</translation>
    </message>
    <message>
        <source>Image file to insert into %1:</source>
        <translation>要插入 %1 的镜像文件：</translation>
    </message>
</context>
<context>
    <name>SharedFolderDialog</name>
    <message>
        <source>Add Shared Folder</source>
        <translation>添加共享文件夹</translation>
    </message>
    <message>
        <source>Host folder:</source>
        <translation>主机文件夹：</translation>
    </message>
    <message>
        <source>Mount tag:</source>
        <translation>挂载标签：</translation>
    </message>
    <message>
        <source>In the guest, run:</source>
        <translation>在客户机中运行：</translation>
    </message>
</context>
<context>
    <name>SharedFoldersPage</name>
    <message>
        <source>Shared folders</source>
        <translation>共享文件夹</translation>
    </message>
    <message>
        <source>Host folder</source>
        <translation>主机文件夹</translation>
    </message>
    <message>
        <source>Mount tag</source>
        <translation>挂载标签</translation>
    </message>
    <message>
        <source>In the guest, run</source>
        <translation>在客户机中运行</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>A shared folder is a host directory the guest mounts with virtiofs. It needs shared memory (turned on with the first folder) and takes effect at the next start; the guest mounts it with the command shown.</source>
        <translation>共享文件夹是客户机通过 virtiofs 挂载的主机目录。它需要共享内存（添加第一个文件夹时开启），并在下次启动时生效；客户机用所示的命令挂载它。</translation>
    </message>
</context>
<context>
    <name>SnapshotFlows</name>
    <message>
        <source>Cannot clone %1</source>
        <translation>无法克隆 %1</translation>
    </message>
    <message>
        <source>Clone cancelled</source>
        <translation>克隆已取消</translation>
    </message>
    <message>
        <source>Nothing of %1 was kept.</source>
        <translation>%1 的内容均未保留。</translation>
    </message>
    <message>
        <source>Cloning %1 failed</source>
        <translation>克隆 %1 失败</translation>
    </message>
    <message>
        <source>%1 Nothing of the clone was kept.</source>
        <translation>%1 克隆的内容均未保留。</translation>
    </message>
    <message>
        <source>Linked clone %1 created</source>
        <translation>已创建链接克隆 %1</translation>
    </message>
    <message>
        <source>Clone %1 created</source>
        <translation>已创建克隆 %1</translation>
    </message>
</context>
<context>
    <name>SnapshotReason</name>
    <message>
        <source>The VM has no writable disk to snapshot.</source>
        <translation>该虚拟机没有可创建快照的可写磁盘。</translation>
    </message>
    <message>
        <source>Internal snapshots need qcow2 disks; %1 is %2.</source>
        <translation>内部快照需要 qcow2 磁盘；%1 是 %2。</translation>
    </message>
    <message>
        <source>External snapshots need file-backed disks; %1 is a %2 disk.</source>
        <translation>外部快照需要基于文件的磁盘；%1 是 %2 磁盘。</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt refuses internal snapshots of VMs whose UEFI firmware keeps its variables in pflash (NVRAM).</source>
        <translation>此主机的 libvirt 拒绝为 UEFI 固件把变量保存在 pflash（NVRAM）中的虚拟机创建内部快照。</translation>
    </message>
    <message>
        <source>kvmdesk could not ask this host&apos;s libvirt whether it can do this.</source>
        <translation>kvmdesk 无法向此主机的 libvirt 询问它能否做到。</translation>
    </message>
    <message>
        <source>The memory can only be saved while the VM is running or paused.</source>
        <translation>只有在虚拟机运行或暂停时才能保存内存。</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot take disk-only snapshots.</source>
        <translation>此主机的 libvirt 无法创建仅磁盘快照。</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot revert to external snapshots.</source>
        <translation>此主机的 libvirt 无法恢复到外部快照。</translation>
    </message>
    <message>
        <source>Its image %1 is now the base of an external snapshot&apos;s overlay; changing it would corrupt that overlay.</source>
        <translation>它的镜像 %1 现在是某个外部快照覆盖层的基础；更改它会损坏该覆盖层。</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot delete external snapshots.</source>
        <translation>此主机的 libvirt 无法删除外部快照。</translation>
    </message>
    <message>
        <source>Only the newest external snapshot can be merged; %1 has snapshots after it.</source>
        <translation>只能合并最新的外部快照；%1 之后还有快照。</translation>
    </message>
    <message>
        <source>Its parent %1 is internal: merging its overlay into an image that holds internal snapshots is not supported.</source>
        <translation>它的父快照 %1 是内部快照：不支持把其覆盖层合并到含有内部快照的镜像中。</translation>
    </message>
    <message>
        <source>Its overlay %1 is no longer the VM&apos;s disk.</source>
        <translation>它的覆盖层 %1 已不再是该虚拟机的磁盘。</translation>
    </message>
    <message>
        <source>This host&apos;s libvirt cannot delete external snapshots together with their children.</source>
        <translation>此主机的 libvirt 无法连同子快照一起删除外部快照。</translation>
    </message>
    <message>
        <source>%1 has no snapshots after it.</source>
        <translation>%1 之后没有快照。</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>External, disks only</source>
        <translation>外部，仅磁盘</translation>
    </message>
    <message>
        <source>External, with memory</source>
        <translation>外部，含内存</translation>
    </message>
    <message>
        <source>Stored inside the VM&apos;s qcow2 disks, with the running VM&apos;s memory.</source>
        <translation>保存在虚拟机的 qcow2 磁盘内，含运行中虚拟机的内存。</translation>
    </message>
    <message>
        <source>Stored inside the VM&apos;s qcow2 disks.</source>
        <translation>保存在虚拟机的 qcow2 磁盘内。</translation>
    </message>
    <message>
        <source>New overlay files take the VM&apos;s writes; the current disk images become their read-only base. Memory is not saved.</source>
        <translation>新的覆盖层文件承接虚拟机的写入；当前磁盘镜像成为它们的只读基础。不保存内存。</translation>
    </message>
    <message>
        <source>New overlay files for the disks, and the running VM&apos;s memory in a file.</source>
        <translation>为磁盘新建覆盖层文件，并把运行中虚拟机的内存存入文件。</translation>
    </message>
</context>
<context>
    <name>SnapshotTreeModel</name>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Shut off</source>
        <translation>已关机</translation>
    </message>
    <message>
        <source>Running (disks only)</source>
        <translation>运行中（仅磁盘）</translation>
    </message>
    <message>
        <source>Crashed</source>
        <translation>已崩溃</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>已挂起</translation>
    </message>
    <message>
        <source>Internal</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>External</source>
        <translation>外部</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>%1 (current)</source>
        <translation>%1（当前）</translation>
    </message>
    <message>
        <source>Included</source>
        <translation>包含</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>SnapshotWindow</name>
    <message>
        <source>Snapshots — %1</source>
        <translation>快照 — %1</translation>
    </message>
    <message>
        <source>Take snapshot…</source>
        <translation>创建快照…</translation>
    </message>
    <message>
        <source>Revert to…</source>
        <translation>恢复到…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Snapshot operation failed</source>
        <translation>快照操作失败</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>%1 (%2). Snapshots it can take: %3.</source>
        <translation>%1（%2）。可创建的快照：%3。</translation>
    </message>
    <message>
        <source>%1 (%2). No snapshot can be taken of it on this host.</source>
        <translation>%1（%2）。在此主机上无法为它创建快照。</translation>
    </message>
    <message>
        <source>Cannot revert to %1: %2</source>
        <translation>无法恢复到 %1：%2</translation>
    </message>
    <message>
        <source>Cannot delete %1: %2</source>
        <translation>无法删除 %1：%2</translation>
    </message>
    <message>
        <source>Snapshot %1 taken</source>
        <translation>已创建快照 %1</translation>
    </message>
    <message>
        <source>Reverted to %1</source>
        <translation>已恢复到 %1</translation>
    </message>
    <message>
        <source>Snapshot %1 deleted</source>
        <translation>已删除快照 %1</translation>
    </message>
    <message>
        <source>Memory files kept</source>
        <translation>内存文件已保留</translation>
    </message>
    <message>
        <source>No storage pool holds them, so kvmdesk left them: %1</source>
        <translation>没有存储池包含它们，因此 kvmdesk 保留了它们：%1</translation>
    </message>
</context>
<context>
    <name>SourcePage</name>
    <message>
        <source>Where does the new VM come from?</source>
        <translation>新虚拟机从何而来？</translation>
    </message>
    <message>
        <source>Install from an ISO image (file or volume)</source>
        <translation>从 ISO 镜像安装（文件或卷）</translation>
    </message>
    <message>
        <source>Import an existing disk image</source>
        <translation>导入已有的磁盘镜像</translation>
    </message>
    <message>
        <source>Cloud image, configured with cloud-init</source>
        <translation>云镜像，用 cloud-init 配置</translation>
    </message>
    <message>
        <source>Network boot (PXE)</source>
        <translation>网络引导（PXE）</translation>
    </message>
    <message>
        <source>Manual: an empty disk, install later</source>
        <translation>手动：空磁盘，稍后安装</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>/path/to/file</source>
        <translation>/path/to/file</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Local file:</source>
        <translation>本地文件：</translation>
    </message>
    <message>
        <source>(a local file instead)</source>
        <translation>（改用本地文件）</translation>
    </message>
    <message>
        <source>Or a volume:</source>
        <translation>或者一个卷：</translation>
    </message>
    <message>
        <source>QEMU cannot read this file where it is</source>
        <translation>QEMU 无法在当前位置读取此文件</translation>
    </message>
    <message>
        <source>Copy it into the VM&apos;s storage pool (recommended)</source>
        <translation>把它复制到虚拟机的存储池（推荐）</translation>
    </message>
    <message>
        <source>Use it where it is — I grant access myself with this command:</source>
        <translation>在原位置使用 — 我自己用此命令授予访问权限：</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>ISO images (*.iso *.img);;All files (*)</source>
        <translation>ISO 镜像 (*.iso *.img);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Disk images (*.qcow2 *.img *.raw);;All files (*)</source>
        <translation>磁盘镜像 (*.qcow2 *.img *.raw);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cloud images (*.qcow2 *.img);;All files (*)</source>
        <translation>云镜像 (*.qcow2 *.img);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
</context>
<context>
    <name>StorageLabels</name>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Capacity</source>
        <translation>容量</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>已分配</translation>
    </message>
    <message>
        <source>Available</source>
        <translation>可用</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Used by</source>
        <translation>使用者</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>非活动</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>正在构建</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Degraded</source>
        <translation>已降级</translation>
    </message>
    <message>
        <source>Inaccessible</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>Disk partition</source>
        <translation>磁盘分区</translation>
    </message>
    <message>
        <source>Network folder</source>
        <translation>网络文件夹</translation>
    </message>
    <message>
        <source>LVM volume group</source>
        <translation>LVM 卷组</translation>
    </message>
    <message>
        <source>iSCSI target</source>
        <translation>iSCSI 目标</translation>
    </message>
    <message>
        <source>Whole disk</source>
        <translation>整个磁盘</translation>
    </message>
    <message>
        <source>SCSI host adapter</source>
        <translation>SCSI 主机适配器</translation>
    </message>
    <message>
        <source>Multipath devices</source>
        <translation>多路径设备</translation>
    </message>
    <message>
        <source>Ceph RBD</source>
        <translation>Ceph RBD</translation>
    </message>
    <message>
        <source>Gluster</source>
        <translation>Gluster</translation>
    </message>
    <message>
        <source>ZFS</source>
        <translation>ZFS</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Persistent</source>
        <translation>持久</translation>
    </message>
</context>
<context>
    <name>StorageModel</name>
    <message>
        <source>%1 used of %2, %3 free</source>
        <translation>已用 %1 / 共 %2，可用 %3</translation>
    </message>
    <message>
        <source>Backing file: %1</source>
        <translation>后备文件：%1</translation>
    </message>
</context>
<context>
    <name>StorageValidation</name>
    <message>
        <source>this connection cannot make %1 pools (it offers: %2)</source>
        <translation>此连接无法创建 %1 类型的存储池（它支持：%2）</translation>
    </message>
    <message>
        <source>the folder %1 is already pool %2</source>
        <translation>文件夹 %1 已经是存储池 %2</translation>
    </message>
    <message>
        <source>the folder mode must be octal, as in 0711: %1</source>
        <translation>文件夹权限必须是八进制，例如 0711：%1</translation>
    </message>
    <message>
        <source>a CIFS pool needs the share&apos;s name</source>
        <translation>CIFS 存储池需要共享的名称</translation>
    </message>
    <message>
        <source>a logical pool needs the name of its LVM volume group</source>
        <translation>逻辑存储池需要其 LVM 卷组的名称</translation>
    </message>
    <message>
        <source>the iSCSI target must be an IQN (iqn.…): %1</source>
        <translation>iSCSI 目标必须是 IQN（iqn.…）：%1</translation>
    </message>
    <message>
        <source>the initiator must be an IQN (iqn.…): %1</source>
        <translation>发起端必须是 IQN（iqn.…）：%1</translation>
    </message>
    <message>
        <source>the pool needs the server&apos;s host name or address</source>
        <translation>该存储池需要服务器的主机名或地址</translation>
    </message>
    <message>
        <source>not a host name or address: %1</source>
        <translation>不是主机名或地址：%1</translation>
    </message>
    <message>
        <source>pool %1 is not running: start it first</source>
        <translation>存储池 %1 未运行：请先启动它</translation>
    </message>
    <message>
        <source>the volume must be at least 1 MiB</source>
        <translation>卷至少需要 1 MiB</translation>
    </message>
    <message>
        <source>metadata preallocation needs the qcow2 format</source>
        <translation>元数据预分配需要 qcow2 格式</translation>
    </message>
    <message>
        <source>a backing file needs the qcow2 format</source>
        <translation>后备文件需要 qcow2 格式</translation>
    </message>
    <message>
        <source>a volume with a backing file cannot be preallocated</source>
        <translation>带后备文件的卷不能预分配</translation>
    </message>
    <message>
        <source>the volume cannot be smaller than its backing file</source>
        <translation>卷不能小于其后备文件</translation>
    </message>
    <message>
        <source>pool %1 has not enough free space for a full allocation</source>
        <translation>存储池 %1 没有足够的空间进行完全分配</translation>
    </message>
    <message>
        <source>the new size is the current size</source>
        <translation>新大小与当前大小相同</translation>
    </message>
    <message>
        <source>the new size is smaller than the current one (shrinking loses data)</source>
        <translation>新大小比当前大小小（缩小会丢失数据）</translation>
    </message>
    <message>
        <source>qcow2 volumes cannot be shrunk</source>
        <translation>qcow2 卷不能缩小</translation>
    </message>
    <message>
        <source>pool %1 has not enough free space for the copy</source>
        <translation>存储池 %1 没有足够的空间存放副本</translation>
    </message>
</context>
<context>
    <name>StorageWindow</name>
    <message>
        <source>Storage — %1</source>
        <translation>存储 — %1</translation>
    </message>
    <message>
        <source>Storage pools</source>
        <translation>存储池</translation>
    </message>
    <message>
        <source>New pool…</source>
        <translation>新建存储池…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Delete pool…</source>
        <translation>删除存储池…</translation>
    </message>
    <message>
        <source>New volume…</source>
        <translation>新建卷…</translation>
    </message>
    <message>
        <source>Upload…</source>
        <translation>上传…</translation>
    </message>
    <message>
        <source>Download…</source>
        <translation>下载…</translation>
    </message>
    <message>
        <source>Resize…</source>
        <translation>调整大小…</translation>
    </message>
    <message>
        <source>Clone…</source>
        <translation>克隆…</translation>
    </message>
    <message>
        <source>Delete volume…</source>
        <translation>删除卷…</translation>
    </message>
    <message>
        <source>Storage operation failed</source>
        <translation>存储操作失败</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Select a pool to see its volumes.</source>
        <translation>选择一个存储池以查看其中的卷。</translation>
    </message>
    <message>
        <source>“%1” is stopped: start it to see its volumes.</source>
        <translation>“%1”已停止：启动它以查看其中的卷。</translation>
    </message>
    <message>
        <source>Volumes in “%1”</source>
        <translation>“%1”中的卷</translation>
    </message>
    <message>
        <source>Uploading %1 into %2/%3</source>
        <translation>正在把 %1 上传到 %2/%3</translation>
    </message>
    <message>
        <source>The upload stopped; %1 holds part of the file.</source>
        <translation>上传已停止；%1 中只有文件的一部分。</translation>
    </message>
    <message>
        <source>Nothing was kept: the volume %1 was removed again.</source>
        <translation>未保留任何内容：卷 %1 已被再次删除。</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>正在上传</translation>
    </message>
    <message>
        <source>Upload cancelled</source>
        <translation>上传已取消</translation>
    </message>
    <message>
        <source>Downloading %1/%2 to %3</source>
        <translation>正在把 %1/%2 下载到 %3</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Download cancelled</source>
        <translation>下载已取消</translation>
    </message>
    <message>
        <source>Nothing was kept: the partial file was removed.</source>
        <translation>未保留任何内容：不完整的文件已删除。</translation>
    </message>
    <message>
        <source>Downloaded</source>
        <translation>已下载</translation>
    </message>
    <message>
        <source>%1 saved as %2</source>
        <translation>%1 已另存为 %2</translation>
    </message>
</context>
<context>
    <name>TerminalView</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Copy &amp;all</source>
        <translation>全部复制(&amp;A)</translation>
    </message>
</context>
<context>
    <name>ThemeMenu</name>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the &amp;system</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 / %2（%3%）</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
</context>
<context>
    <name>UploadDialog</name>
    <message>
        <source>Upload into %1</source>
        <translation>上传到 %1</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>an ISO or disk image on this computer</source>
        <translation>本机上的 ISO 或磁盘镜像</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Into a new volume named:</source>
        <translation>上传到新卷，名称：</translation>
    </message>
    <message>
        <source>Replace the data of “%1” (%2)</source>
        <translation>替换“%1”（%2）的数据</translation>
    </message>
    <message>
        <source>Choose a file to upload</source>
        <translation>选择要上传的文件</translation>
    </message>
    <message>
        <source>Disk images and ISOs (*.iso *.img *.qcow2 *.raw)</source>
        <translation>磁盘镜像和 ISO (*.iso *.img *.qcow2 *.raw)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>%1, free in the pool: %2</source>
        <translation>%1，存储池可用空间：%2</translation>
    </message>
    <message>
        <source>choose the file to upload</source>
        <translation>请选择要上传的文件</translation>
    </message>
    <message>
        <source>no file %1</source>
        <translation>没有文件 %1</translation>
    </message>
    <message>
        <source>%1 cannot be read</source>
        <translation>无法读取 %1</translation>
    </message>
    <message>
        <source>the file is larger than the volume %1</source>
        <translation>文件比卷 %1 大</translation>
    </message>
    <message>
        <source>pool %1 has not enough free space for this file</source>
        <translation>存储池 %1 没有足够的空间存放此文件</translation>
    </message>
</context>
<context>
    <name>UsageGraphs</name>
    <message>
        <source>Performance</source>
        <translation>性能</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Disk</source>
        <translation>磁盘</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>No figures yet: the VM is not running or not sampled</source>
        <translation>暂无数据：虚拟机未运行或尚未采样</translation>
    </message>
    <message>
        <source>read %1 · write %2</source>
        <translation>读 %1 · 写 %2</translation>
    </message>
    <message>
        <source>in %1 · out %2</source>
        <translation>入 %1 · 出 %2</translation>
    </message>
</context>
<context>
    <name>UsbPage</name>
    <message>
        <source>Host USB devices</source>
        <translation>主机 USB 设备</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Bus / device</source>
        <translation>总线 / 设备</translation>
    </message>
    <message>
        <source>Attached</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>The host has no USB devices to give.</source>
        <translation>主机没有可提供的 USB 设备。</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Detach</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>An attached device belongs to the VM while it runs: the host cannot use it meanwhile. A running VM gets it at once.</source>
        <translation>已连接的设备在虚拟机运行期间归虚拟机所有：其间主机无法使用它。运行中的虚拟机会立即获得它。</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>VirtualNetwork</name>
    <message>
        <source>subnet needs a prefix, as in ADDRESS/24: %1</source>
        <translation>子网需要前缀，例如 地址/24：%1</translation>
    </message>
    <message>
        <source>not an IPv4 subnet: %1</source>
        <translation>不是 IPv4 子网：%1</translation>
    </message>
    <message>
        <source>only IPv4 subnets are supported: %1</source>
        <translation>只支持 IPv4 子网：%1</translation>
    </message>
    <message>
        <source>network name is empty</source>
        <translation>网络名称为空</translation>
    </message>
    <message>
        <source>network name may not start or end with whitespace: %1</source>
        <translation>网络名称不能以空白字符开头或结尾：%1</translation>
    </message>
    <message>
        <source>network name may not contain &apos;/&apos;: %1</source>
        <translation>网络名称不能包含“/”：%1</translation>
    </message>
    <message>
        <source>network name may not contain control characters: %1</source>
        <translation>网络名称不能包含控制字符：%1</translation>
    </message>
    <message>
        <source>a network named %1 already exists</source>
        <translation>名为 %1 的网络已存在</translation>
    </message>
    <message>
        <source>a bridged network needs the name of a host bridge (e.g. br0)</source>
        <translation>桥接网络需要一个主机网桥的名称（例如 br0）</translation>
    </message>
    <message>
        <source>bridge %1 is already used by network %2</source>
        <translation>网桥 %1 已被网络 %2 使用</translation>
    </message>
    <message>
        <source>only nat and routed networks forward through a chosen device, not %1</source>
        <translation>只有 nat 和 routed 网络可以经由指定设备转发，%1 不行</translation>
    </message>
    <message>
        <source>prefix /%1 of %2 is outside /%3 to /%4</source>
        <translation>%2 的前缀 /%1 不在 /%3 到 /%4 之间</translation>
    </message>
    <message>
        <source>host address %1 is outside %2</source>
        <translation>主机地址 %1 不在 %2 内</translation>
    </message>
    <message>
        <source>%1 is the network address of %2, not a host address</source>
        <translation>%1 是 %2 的网络地址，不是主机地址</translation>
    </message>
    <message>
        <source>%1 is the broadcast address of %2, not a host address</source>
        <translation>%1 是 %2 的广播地址，不是主机地址</translation>
    </message>
    <message>
        <source>a DHCP range needs both a start and an end address</source>
        <translation>DHCP 范围需要起始和结束地址</translation>
    </message>
    <message>
        <source>DHCP range is reversed: start %1 comes after end %2</source>
        <translation>DHCP 范围颠倒了：起始 %1 在结束 %2 之后</translation>
    </message>
    <message>
        <source>DHCP range %1-%2 contains the host address %3</source>
        <translation>DHCP 范围 %1-%2 包含主机地址 %3</translation>
    </message>
    <message>
        <source>subnet %1 overlaps network %2 (%3)</source>
        <translation>子网 %1 与网络 %2（%3）重叠</translation>
    </message>
    <message>
        <source>subnet %1 overlaps the host&apos;s network %2</source>
        <translation>子网 %1 与主机的网络 %2 重叠</translation>
    </message>
</context>
<context>
    <name>VirtualNetworksWindow</name>
    <message>
        <source>Virtual networks — %1</source>
        <translation>虚拟网络 — %1</translation>
    </message>
    <message>
        <source>Virtual networks</source>
        <translation>虚拟网络</translation>
    </message>
    <message>
        <source>Create…</source>
        <translation>创建…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Autostart</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
    <message>
        <source>Network operation failed</source>
        <translation>网络操作失败</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Stop network</source>
        <translation>停止网络</translation>
    </message>
    <message>
        <source>Stop the virtual network “%1”?</source>
        <translation>停止虚拟网络“%1”？</translation>
    </message>
    <message>
        <source>These running virtual machines lose their connection on it until the network is started again: %1</source>
        <translation>以下运行中的虚拟机会在网络重新启动前失去其上的连接：%1</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Subnet</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>DHCP range</source>
        <translation>DHCP 范围</translation>
    </message>
    <message>
        <source>Bridge</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>Forward device</source>
        <translation>转发设备</translation>
    </message>
    <message>
        <source>Start at boot</source>
        <translation>开机启动</translation>
    </message>
    <message>
        <source>the network %1</source>
        <translation>网络 %1</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>已保存</translation>
    </message>
    <message>
        <source>%1 uses the new settings after it is restarted.</source>
        <translation>%1 在重启后使用新设置。</translation>
    </message>
    <message>
        <source>Delete network</source>
        <translation>删除网络</translation>
    </message>
    <message>
        <source>Delete the virtual network “%1”?</source>
        <translation>删除虚拟网络“%1”？</translation>
    </message>
    <message>
        <source>These virtual machines have a network card on it and lose it: %1</source>
        <translation>以下虚拟机有网卡接在其上，将失去该网卡：%1</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
</context>
<context>
    <name>VlanDialog</name>
    <message>
        <source>New VLAN</source>
        <translation>新建 VLAN</translation>
    </message>
    <message>
        <source>Parent interface:</source>
        <translation>父接口：</translation>
    </message>
    <message>
        <source>VLAN id:</source>
        <translation>VLAN ID：</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>IP configuration of the VLAN</source>
        <translation>VLAN 的 IP 配置</translation>
    </message>
</context>
<context>
    <name>VmConsoleTab</name>
    <message>
        <source>Screen</source>
        <translation>屏幕</translation>
    </message>
    <message>
        <source>Serial</source>
        <translation>串口</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>The VM no longer exists</source>
        <translation>该虚拟机已不存在</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
</context>
<context>
    <name>VmCreationFlow</name>
    <message>
        <source>Cannot create a VM</source>
        <translation>无法创建虚拟机</translation>
    </message>
    <message>
        <source>Connect to %1 first.</source>
        <translation>请先连接到 %1。</translation>
    </message>
    <message>
        <source>The network %1 made for it was removed.</source>
        <translation>为它创建的网络 %1 已被移除。</translation>
    </message>
    <message>
        <source>started</source>
        <translation>已启动</translation>
    </message>
    <message>
        <source>defined</source>
        <translation>已定义</translation>
    </message>
    <message>
        <source>VM created</source>
        <translation>虚拟机已创建</translation>
    </message>
    <message>
        <source>%1 was created and %2.</source>
        <translation>%1 已创建并%2。</translation>
    </message>
</context>
<context>
    <name>VncView</name>
    <message>
        <source>The VNC server closed the connection.</source>
        <translation>VNC 服务器关闭了连接。</translation>
    </message>
    <message>
        <source>The VNC server stopped answering in the middle of a message (%1 s).</source>
        <translation>VNC 服务器在消息中途停止应答（%1 秒）。</translation>
    </message>
    <message>
        <source>The other side is not a VNC server (it greeted with %1).</source>
        <translation>对方不是 VNC 服务器（它的问候是 %1）。</translation>
    </message>
    <message>
        <source>The VNC server speaks RFB %1, which is not supported.</source>
        <translation>VNC 服务器使用 RFB %1，不受支持。</translation>
    </message>
    <message>
        <source>The VNC server refused the connection: %1</source>
        <translation>VNC 服务器拒绝了连接：%1</translation>
    </message>
    <message>
        <source>The VNC server offers no supported security type (offered: %1).</source>
        <translation>VNC 服务器不提供受支持的安全类型（提供的是：%1）。</translation>
    </message>
    <message>
        <source>VNC authentication failed: %1</source>
        <translation>VNC 认证失败：%1</translation>
    </message>
    <message>
        <source>The VNC server sent an invalid security result (%1).</source>
        <translation>VNC 服务器发送了无效的安全结果（%1）。</translation>
    </message>
    <message>
        <source>The VNC server announced a %1×%2 screen, larger than kvmdesk accepts.</source>
        <translation>VNC 服务器声明的屏幕为 %1×%2，超过 kvmdesk 接受的大小。</translation>
    </message>
    <message>
        <source>The VNC server sent a rectangle %1 outside its %2×%3 screen.</source>
        <translation>VNC 服务器发送的矩形 %1 超出了其 %2×%3 的屏幕。</translation>
    </message>
    <message>
        <source>The VNC server used encoding %1, which kvmdesk did not ask for.</source>
        <translation>VNC 服务器使用了 kvmdesk 未请求的编码 %1。</translation>
    </message>
    <message>
        <source>The VNC server sent an unknown message type %1.</source>
        <translation>VNC 服务器发送了未知的消息类型 %1。</translation>
    </message>
    <message>
        <source>The VNC server sent malformed data: %1</source>
        <translation>VNC 服务器发送了格式错误的数据：%1</translation>
    </message>
    <message>
        <source>The VNC server sent %1 of %2 bytes, more than kvmdesk accepts.</source>
        <translation>VNC 服务器发送了 %1 / %2 字节，超过 kvmdesk 接受的大小。</translation>
    </message>
    <message>
        <source>The connection to the VNC server failed: %1</source>
        <translation>与 VNC 服务器的连接失败：%1</translation>
    </message>
    <message>
        <source>Press Ctrl+Alt to release the keyboard. The desktop keeps its own shortcuts.</source>
        <translation>按 Ctrl+Alt 释放键盘。桌面保留其自身的快捷键。</translation>
    </message>
    <message>
        <source>Press Ctrl+Alt to release the keyboard.</source>
        <translation>按 Ctrl+Alt 释放键盘。</translation>
    </message>
</context>
<context>
    <name>cli</name>
    <message>
        <source>%1: started</source>
        <translation>%1：已启动</translation>
    </message>
    <message>
        <source>%1: shutdown requested</source>
        <translation>%1：已请求关机</translation>
    </message>
    <message>
        <source>%1: reboot requested</source>
        <translation>%1：已请求重启</translation>
    </message>
    <message>
        <source>%1: destroyed</source>
        <translation>%1：已强制关机</translation>
    </message>
    <message>
        <source>%1: suspended</source>
        <translation>%1：已暂停</translation>
    </message>
    <message>
        <source>%1: resumed</source>
        <translation>%1：已恢复</translation>
    </message>
    <message>
        <source>%1: undefined</source>
        <translation>%1：已取消定义</translation>
    </message>
    <message>
        <source>NAME</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>STATE</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>VCPUS</source>
        <translation>VCPU</translation>
    </message>
    <message>
        <source>MEMORY</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>NICS</source>
        <translation>网卡</translation>
    </message>
    <message>
        <source>VM -&gt; host</source>
        <translation>虚拟机 -&gt; 主机</translation>
    </message>
    <message>
        <source>host -&gt; VM</source>
        <translation>主机 -&gt; 虚拟机</translation>
    </message>
    <message>
        <source>VM -&gt; other hosts</source>
        <translation>虚拟机 -&gt; 其他主机</translation>
    </message>
    <message>
        <source>other hosts -&gt; VM</source>
        <translation>其他主机 -&gt; 虚拟机</translation>
    </message>
    <message>
        <source>VM &lt;-&gt; VM</source>
        <translation>虚拟机 &lt;-&gt; 虚拟机</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>setup</source>
        <translation>需配置</translation>
    </message>
    <message>
        <source>MODE</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>BRIDGE</source>
        <translation>网桥</translation>
    </message>
    <message>
        <source>SUBNETS</source>
        <translation>子网</translation>
    </message>
    <message>
        <source>ACTIVE</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>AUTOSTART</source>
        <translation>自动启动</translation>
    </message>
    <message>
        <source>DOMAINS</source>
        <translation>虚拟机</translation>
    </message>
    <message>
        <source>%1: stopped</source>
        <translation>%1：已停止</translation>
    </message>
    <message>
        <source>%1: deleted</source>
        <translation>%1：已删除</translation>
    </message>
    <message>
        <source>%1: autostart on</source>
        <translation>%1：自动启动已开启</translation>
    </message>
    <message>
        <source>%1: autostart off</source>
        <translation>%1：自动启动已关闭</translation>
    </message>
    <message>
        <source>DIRECTION</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>REASON</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>接通</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>断开</translation>
    </message>
    <message>
        <source>MAC</source>
        <translation>MAC</translation>
    </message>
    <message>
        <source>MODEL</source>
        <translation>型号</translation>
    </message>
    <message>
        <source>TYPE</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>SOURCE</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>LINK</source>
        <translation>链路</translation>
    </message>
    <message>
        <source>%1: would create %2 network %3</source>
        <translation>%1：将创建 %2 网络 %3</translation>
    </message>
    <message>
        <source>%1: NIC %2 runs as saved; nothing to do</source>
        <translation>%1：网卡 %2 的运行状态与已保存的一致；无需操作</translation>
    </message>
    <message>
        <source>%1: NIC %2 saved as it runs now</source>
        <translation>%1：已按网卡 %2 的当前运行状态保存</translation>
    </message>
    <message>
        <source>%1: NIC %2 running as saved again</source>
        <translation>%1：网卡 %2 已恢复为按已保存的配置运行</translation>
    </message>
    <message>
        <source>%1: would create a %2 pool (dry run: nothing changed)</source>
        <translation>%1：将创建 %2 存储池（试运行：未做任何更改）</translation>
    </message>
    <message>
        <source>%1: refreshed</source>
        <translation>%1：已刷新</translation>
    </message>
    <message>
        <source>%1: autostart %2</source>
        <translation>%1：自动启动 %2</translation>
    </message>
    <message>
        <source>%1 has no snapshots</source>
        <translation>%1 没有快照</translation>
    </message>
    <message>
        <source>%1: reverted to %2; the state since then is gone</source>
        <translation>%1：已恢复到 %2；此后的状态已丢失</translation>
    </message>
    <message>
        <source>%1: its disks are backed by %2&apos;s: do not change or delete them</source>
        <translation>%1：其磁盘以 %2 的磁盘为后备：请勿更改或删除它们</translation>
    </message>
    <message>
        <source>%1/%2: created %3 volume of %4</source>
        <translation>%1/%2：已创建 %4 的 %3 卷</translation>
    </message>
    <message>
        <source>%1/%2: resized to %3</source>
        <translation>%1/%2：大小已调整为 %3</translation>
    </message>
    <message>
        <source>%1/%2: cloned to %3/%4</source>
        <translation>%1/%2：已克隆到 %3/%4</translation>
    </message>
    <message>
        <source>%1/%2: deleted</source>
        <translation>%1/%2：已删除</translation>
    </message>
    <message>
        <source>%1/%2: uploaded %3 (%4)</source>
        <translation>%1/%2：已上传 %3（%4）</translation>
    </message>
    <message>
        <source>%1/%2: downloaded %3 to %4</source>
        <translation>%1/%2：已下载 %3 到 %4</translation>
    </message>
</context>
<context>
    <name>console</name>
    <message>
        <source>The VM is not running.</source>
        <translation>虚拟机未运行。</translation>
    </message>
    <message>
        <source>The VM has no graphics device — add one in its settings.</source>
        <translation>虚拟机没有图形设备 — 请在其设置中添加一个。</translation>
    </message>
    <message>
        <source>The VM&apos;s display is SPICE; kvmdesk shows VNC — change the graphics type to VNC in its settings.</source>
        <translation>虚拟机的显示是 SPICE；kvmdesk 显示 VNC — 请在其设置中把图形类型改为 VNC。</translation>
    </message>
    <message>
        <source>The VM&apos;s display (%1) is shown on its host, not over the network.</source>
        <translation>虚拟机的显示（%1）在其主机上显示，而不是通过网络。</translation>
    </message>
    <message>
        <source>The test driver&apos;s VMs have no screen.</source>
        <translation>测试驱动的虚拟机没有屏幕。</translation>
    </message>
    <message>
        <source>VNC listens nowhere (listen type “none”): only a local connection reaches it. Let it listen on 127.0.0.1 in its settings, and kvmdesk tunnels through ssh.</source>
        <translation>VNC 不监听任何地址（监听类型“none”）：只有本地连接能访问它。请在其设置中让它监听 127.0.0.1，kvmdesk 会通过 ssh 建立隧道。</translation>
    </message>
    <message>
        <source>VNC listens on %1 of a remote host: connect with qemu+ssh:// and kvmdesk tunnels through ssh.</source>
        <translation>VNC 监听远程主机的 %1：请用 qemu+ssh:// 连接，kvmdesk 会通过 ssh 建立隧道。</translation>
    </message>
    <message>
        <source>VNC listens on the unix socket %1 of a remote host: connect with qemu+ssh:// and kvmdesk tunnels through ssh.</source>
        <translation>VNC 监听远程主机的 unix 套接字 %1：请用 qemu+ssh:// 连接，kvmdesk 会通过 ssh 建立隧道。</translation>
    </message>
    <message>
        <source>The VNC port is not known yet.</source>
        <translation>VNC 端口尚不可知。</translation>
    </message>
    <message>
        <source>VNC listens on network %1, which gives it no address.</source>
        <translation>VNC 监听网络 %1，但该网络没有为它提供地址。</translation>
    </message>
    <message>
        <source>This connection is read-only, so libvirt hands over no socket to the screen, and VNC listens nowhere else (listen type “none”). Connect read-write, or let VNC listen on 127.0.0.1 in the VM&apos;s settings.</source>
        <translation>此连接为只读，因此 libvirt 不会把屏幕的套接字交出，而 VNC 也不监听其他地址（监听类型“none”）。请以读写方式连接，或在虚拟机设置中让 VNC 监听 127.0.0.1。</translation>
    </message>
    <message>
        <source>The VM&apos;s description cannot be read: %1</source>
        <translation>无法读取虚拟机的描述：%1</translation>
    </message>
    <message>
        <source>The VM has no serial console — add a serial port in its settings.</source>
        <translation>虚拟机没有串口控制台 — 请在其设置中添加一个串口。</translation>
    </message>
    <message>
        <source>The VM&apos;s serial port writes to %1 (type %2), so it has no interactive console — make it a pseudo-terminal (pty) in its settings.</source>
        <translation>虚拟机的串口写入 %1（类型 %2），因此没有交互式控制台 — 请在其设置中把它改为伪终端（pty）。</translation>
    </message>
    <message>
        <source>local socket from libvirt</source>
        <translation>来自 libvirt 的本地套接字</translation>
    </message>
    <message>
        <source>ssh tunnel to %1</source>
        <translation>到 %1 的 ssh 隧道</translation>
    </message>
    <message>
        <source>direct to %1 (read-only connection: libvirt hands over no socket)</source>
        <translation>直接连接 %1（只读连接：libvirt 不交出套接字）</translation>
    </message>
    <message>
        <source>direct to %1</source>
        <translation>直接连接 %1</translation>
    </message>
</context>
</TS>
