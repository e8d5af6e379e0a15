<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccountPropertiesDialog</name>
    <message>
        <source>Properties of {name}</source>
        <translation>{name} 属性</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <source>Identities</source>
        <translation>身份</translation>
    </message>
    <message>
        <source>Added below the text of messages you write</source>
        <translation>添加在你所写邮件的正文下方</translation>
    </message>
    <message>
        <source>Mail account</source>
        <translation>邮件帐户</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>帐户名：</translation>
    </message>
    <message>
        <source>User information</source>
        <translation>用户信息</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>电子邮件地址：</translation>
    </message>
    <message>
        <source>Reply address:</source>
        <translation>答复地址：</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>不变</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <source>Incoming mail (POP3)</source>
        <translation>接收邮件 (POP3)</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <source>My server requires authentication</source>
        <translation>我的服务器要求身份验证</translation>
    </message>
    <message>
        <source>Use the same settings as my incoming mail server</source>
        <translation>使用与接收邮件服务器相同的设置</translation>
    </message>
    <message>
        <source>Outgoing mail (SMTP)</source>
        <translation>发送邮件 (SMTP)</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Leave a copy of messages on the server</source>
        <translation>在服务器上保留邮件副本</translation>
    </message>
    <message>
        <source>Remove from the server after</source>
        <translation>从服务器删除，在</translation>
    </message>
    <message numerus="yes">
        <source> day(s)</source>
        <translation>
            <numerusform> 天后</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove from the server when deleted from Trash</source>
        <translation>从“已删除邮件”中删除时，同时从服务器删除</translation>
    </message>
    <message>
        <source>Download only the headers of messages over</source>
        <translation>只下载邮件头，当邮件大于</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB</translation>
    </message>
    <message numerus="yes">
        <source> minute(s)</source>
        <translation>
            <numerusform> 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Include this account when getting mail from all accounts</source>
        <translation>接收全部帐户的邮件时包括此帐户</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>投递</translation>
    </message>
    <message>
        <source>Checking for mail</source>
        <translation>检查邮件</translation>
    </message>
    <message>
        <source>Check every:</source>
        <translation>检查间隔：</translation>
    </message>
    <message>
        <source>Account not saved</source>
        <translation>帐户未保存</translation>
    </message>
</context>
<context>
    <name>AccountWizard</name>
    <message>
        <source>New Account</source>
        <translation>新建帐户</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>帐户</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Properties</source>
        <translation>属性(&amp;P)</translation>
    </message>
    <message>
        <source>Set as &amp;Default</source>
        <translation>设为默认(&amp;D)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>（默认）</translation>
    </message>
    <message>
        <source>Remove account</source>
        <translation>删除帐户</translation>
    </message>
    <message>
        <source>Remove the account {name}?</source>
        <translation>删除帐户 {name}？</translation>
    </message>
    <message>
        <source>Its messages can stay in your folders, or be moved to Trash with it.</source>
        <translation>它的邮件可以留在你的文件夹中，也可以一起移到“已删除邮件”。</translation>
    </message>
    <message>
        <source>Remove, keep its mail</source>
        <translation>删除，保留邮件</translation>
    </message>
    <message>
        <source>Remove, move its mail to Trash</source>
        <translation>删除，邮件移到“已删除邮件”</translation>
    </message>
    <message>
        <source>Account not removed</source>
        <translation>帐户未删除</translation>
    </message>
</context>
<context>
    <name>AddressPage</name>
    <message>
        <source>Email address</source>
        <translation>电子邮件地址</translation>
    </message>
    <message>
        <source>Your email address is the address others use to send you mail.</source>
        <translation>电子邮件地址是别人给你发送邮件时使用的地址。</translation>
    </message>
    <message>
        <source>for example: lilei@163.com</source>
        <translation>例如：lilei@163.com</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>电子邮件地址：</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Certificate not trusted</source>
        <translation>证书不受信任</translation>
    </message>
    <message>
        <source>The certificate has expired.</source>
        <translation>证书已过期。</translation>
    </message>
    <message>
        <source>The certificate is not valid yet.</source>
        <translation>证书尚未生效。</translation>
    </message>
    <message>
        <source>The certificate was issued for another server name.</source>
        <translation>证书是颁发给另一个服务器名的。</translation>
    </message>
    <message>
        <source>The certificate was not issued by an authority your system trusts.</source>
        <translation>证书不是由系统信任的机构颁发的。</translation>
    </message>
    <message>
        <source>The server shows a different certificate from the one you accepted before. This can mean someone is intercepting the connection.</source>
        <translation>服务器出示的证书与你之前接受的不同。这可能意味着有人在截取连接。</translation>
    </message>
    <message>
        <source>Hongyan could not verify the identity of {server}.</source>
        <translation>鸿雁无法验证 {server} 的身份。</translation>
    </message>
    <message>
        <source>The certificate could not be verified.</source>
        <translation>无法验证证书。</translation>
    </message>
    <message>
        <source>Issued to:</source>
        <translation>颁发给：</translation>
    </message>
    <message>
        <source>Issued by:</source>
        <translation>颁发者：</translation>
    </message>
    <message>
        <source>Valid:</source>
        <translation>有效期：</translation>
    </message>
    <message>
        <source>from {start} to {end}</source>
        <translation>从 {start} 到 {end}</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint:</source>
        <translation>SHA-256 指纹：</translation>
    </message>
    <message>
        <source>Accept it only if you expected this (a company or home server with its own certificate) and the fingerprint matches the one your provider gives you.</source>
        <translation>只有在你预料到这种情况（使用自有证书的公司或家用服务器），并且指纹与服务商提供的一致时，才接受它。</translation>
    </message>
    <message>
        <source>Trust this certificate</source>
        <translation>信任此证书</translation>
    </message>
</context>
<context>
    <name>ComposeWindow</name>
    <message>
        <source>This draft was saved from {address}, which is no longer one of your addresses; choose who sends it in From.</source>
        <translation>这封草稿是用 {address} 保存的，但它已不再是你的地址；请在“发件人”中选择由谁发送。</translation>
    </message>
    <message>
        <source>From:</source>
        <translation>发件人：</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>收件人：</translation>
    </message>
    <message>
        <source>Cc:</source>
        <translation>抄送：</translation>
    </message>
    <message>
        <source>Bcc:</source>
        <translation>密送：</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>主题：</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Compose toolbar</source>
        <translation>撰写工具栏</translation>
    </message>
    <message>
        <source>&amp;Send</source>
        <translation>发送(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;Draft</source>
        <translation>存草稿(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Attach…</source>
        <translation>附件(&amp;A)…</translation>
    </message>
    <message>
        <source>Add an account before sending mail.</source>
        <translation>发送邮件前请先添加帐户。</translation>
    </message>
    <message>
        <source>Sent through the account {account}</source>
        <translation>通过帐户 {account} 发送</translation>
    </message>
    <message>
        <source>New Message</source>
        <translation>新邮件</translation>
    </message>
    <message>
        <source>Cannot attach</source>
        <translation>无法添加附件</translation>
    </message>
    <message>
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>No recipient</source>
        <translation>没有收件人</translation>
    </message>
    <message>
        <source>Type at least one address in To.</source>
        <translation>请在“收件人”中至少填写一个地址。</translation>
    </message>
    <message>
        <source>No attachment</source>
        <translation>没有附件</translation>
    </message>
    <message>
        <source>Your message mentions an attachment, but nothing is attached. Send it anyway?</source>
        <translation>邮件中提到了附件，但没有添加任何附件。仍要发送吗？</translation>
    </message>
    <message>
        <source>No subject</source>
        <translation>没有主题</translation>
    </message>
    <message>
        <source>This message has no subject. Send it anyway?</source>
        <translation>这封邮件没有主题。仍要发送吗？</translation>
    </message>
    <message>
        <source>Message not sent</source>
        <translation>邮件未发送</translation>
    </message>
    <message>
        <source>Draft not saved</source>
        <translation>草稿未保存</translation>
    </message>
    <message>
        <source>Draft saved.</source>
        <translation>草稿已保存。</translation>
    </message>
    <message>
        <source>Draft saved automatically.</source>
        <translation>草稿已自动保存。</translation>
    </message>
    <message>
        <source>Save draft?</source>
        <translation>保存草稿？</translation>
    </message>
    <message>
        <source>Save this message in Drafts before closing?</source>
        <translation>关闭前将这封邮件保存到“草稿”吗？</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Congratulations</source>
        <translation>祝贺你</translation>
    </message>
    <message>
        <source>Get mail from this account now</source>
        <translation>现在就接收此帐户的邮件</translation>
    </message>
    <message>
        <source>You have entered everything needed to set up your account.</source>
        <translation>你已输入设置帐户所需的全部信息。</translation>
    </message>
    <message>
        <source>Incoming: {pop3}
Outgoing: {smtp}
Click Finish to save the account.</source>
        <translation>接收：{pop3}
发送：{smtp}
单击“完成”保存帐户。</translation>
    </message>
</context>
<context>
    <name>DraftsOpener</name>
    <message>
        <source>Message may have been delivered</source>
        <translation>邮件可能已经送达</translation>
    </message>
    <message>
        <source>Hongyan lost the connection while the server was accepting this message, so it may have been delivered already. If you change it and send it again, the recipients may get it twice.

Change it anyway?</source>
        <translation>服务器接收这封邮件时鸿雁断开了连接，所以它可能已经送达。如果修改后再次发送，收件人可能会收到两次。

仍要修改吗？</translation>
    </message>
</context>
<context>
    <name>FolderTreeModel</name>
    <message>
        <source>Inbox</source>
        <translation>收件箱</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>发件箱</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送邮件</translation>
    </message>
    <message>
        <source>Drafts</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Trash</source>
        <translation>已删除邮件</translation>
    </message>
    <message>
        <source>Junk</source>
        <translation>垃圾邮件</translation>
    </message>
</context>
<context>
    <name>Hongyan</name>
    <message>
        <source>Cannot write</source>
        <translation>无法撰写</translation>
    </message>
</context>
<context>
    <name>IdentitiesTab</name>
    <message>
        <source>Identities are other names and addresses you send as with this account, through its outgoing mail server. Choose one in the From list when you write.</source>
        <translation>身份是你用这个帐户发信时可以使用的其他姓名和地址，邮件经由该帐户的发送服务器发出。写信时在“发件人”列表中选择。</translation>
    </message>
    <message>
        <source>&amp;Add…</source>
        <translation>添加(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>(this account&apos;s own)</source>
        <translation>（帐户本身的地址）</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>Edit Identity</source>
        <translation>编辑身份</translation>
    </message>
    <message>
        <source>Add Identity</source>
        <translation>添加身份</translation>
    </message>
    <message>
        <source>name@example.com</source>
        <translation>name@example.com</translation>
    </message>
    <message>
        <source>Added below the text of messages you write</source>
        <translation>添加在你所写邮件的正文下方</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>姓名：</translation>
    </message>
    <message>
        <source>Email address:</source>
        <translation>电子邮件地址：</translation>
    </message>
    <message>
        <source>Reply address:</source>
        <translation>回复地址：</translation>
    </message>
    <message>
        <source>Organisation:</source>
        <translation>单位：</translation>
    </message>
    <message>
        <source>Signature:</source>
        <translation>签名：</translation>
    </message>
    <message>
        <source>{address} is already an address of this account.</source>
        <translation>{address} 已经是这个帐户的地址。</translation>
    </message>
    <message>
        <source>Identity not saved</source>
        <translation>身份未保存</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import Mail</source>
        <extracomment>Folders mail is never imported into (the Outbox sends what it holds).</extracomment>
        <translation>导入邮件</translation>
    </message>
    <message>
        <source>Import messages saved by another mail program: an mbox file (Thunderbird, mutt, Apple Mail export), .eml files, or a folder of them.</source>
        <translation>导入其他邮件程序保存的邮件：mbox 文件（Thunderbird、mutt、Apple Mail 导出）、.eml 文件，或存放它们的文件夹。</translation>
    </message>
    <message>
        <source>Nothing chosen yet</source>
        <translation>尚未选择</translation>
    </message>
    <message>
        <source>Files…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Import from:</source>
        <translation>导入来源：</translation>
    </message>
    <message>
        <source>Into folder:</source>
        <translation>导入到文件夹：</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <source>%n files in {folder}</source>
        <translation>
            <numerusform>{folder} 中的 %n 个文件</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose an mbox file or .eml files</source>
        <translation>选择 mbox 文件或 .eml 文件</translation>
    </message>
    <message>
        <source>Mail files (*.mbox *.mbx *.mbs *.eml);;All files (*)</source>
        <translation>邮件文件 (*.mbox *.mbx *.mbs *.eml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose a folder of .eml files or a Maildir</source>
        <translation>选择存放 .eml 文件的文件夹或 Maildir</translation>
    </message>
</context>
<context>
    <name>Labels</name>
    <message>
        <source>{label}: {text}</source>
        <extracomment>A label and its text; Chinese: full-width colon, no space after it.</extracomment>
        <translation>{label}：{text}</translation>
    </message>
</context>
<context>
    <name>LogonPage</name>
    <message>
        <source>Logon</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Type the account name and password your provider gave you.</source>
        <translation>输入邮件服务商提供给你的帐户名和密码。</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>记住密码</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>帐户名：</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
</context>
<context>
    <name>MailFetcher</name>
    <message>
        <source>There is no account to get mail from.</source>
        <translation>没有可以接收邮件的帐户。</translation>
    </message>
    <message>
        <source>Password</source>
        <extracomment>While mail arrives, the list and the counts are refreshed at most this often.</extracomment>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password of {user} for {account}:</source>
        <translation>{account} 的用户 {user} 的密码：</translation>
    </message>
    <message>
        <source>{account}: cancelled</source>
        <translation>{account}：已取消</translation>
    </message>
    <message>
        <source>(cancelled; the rest comes next time)</source>
        <translation>（已取消；其余邮件下次接收）</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>正在发送</translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message numerus="yes">
        <source>{account}: %n new message(s)</source>
        <translation>
            <numerusform>{account}：%n 封新邮件</numerusform>
        </translation>
    </message>
    <message>
        <source>The mail store is being moved or rebuilt; try again then.</source>
        <translation>邮件存储正在移动或重建，请完成后再试。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Hongyan</source>
        <extracomment>Mark a message read after it has been shown this long (as Outlook Express did).</extracomment>
        <translation>鸿雁</translation>
    </message>
    <message>
        <source>&amp;Get Mail</source>
        <translation>接收(&amp;G)</translation>
    </message>
    <message>
        <source>Get mail from all accounts (F5)</source>
        <translation>接收所有帐户的邮件 (F5)</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>撰写(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>答复(&amp;R)</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>全部答复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>转发(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Mark as &amp;Junk</source>
        <translation>标记为垃圾邮件(&amp;J)</translation>
    </message>
    <message>
        <source>Mark as R&amp;ead</source>
        <translation>标记为已读(&amp;E)</translation>
    </message>
    <message>
        <source>Mark as &amp;Unread</source>
        <translation>标记为未读(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Flag</source>
        <translation>标记旗帜(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>帐户(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Options…</source>
        <translation>选项(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;About Hongyan</source>
        <translation>关于鸿雁(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Get Mail From</source>
        <translation>接收邮件自</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Message</source>
        <translation>邮件(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Search all mail</source>
        <translation>搜索全部邮件</translation>
    </message>
    <message>
        <source>All Accounts</source>
        <translation>全部帐户</translation>
    </message>
    <message>
        <source>Delete for good</source>
        <translation>永久删除</translation>
    </message>
    <message numerus="yes">
        <source>Delete %n message(s) for good? This cannot be undone.</source>
        <translation>
            <numerusform>永久删除 %n 封邮件？此操作无法撤销。</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
    <message>
        <source>Open a Saved Message</source>
        <translation>打开保存的邮件</translation>
    </message>
    <message>
        <source>Mail messages (*.eml);;All files (*)</source>
        <translation>邮件 (*.eml);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Hongyan will read every message again to rebuild its index (the list, the counts and search). Your messages are not changed. With a lot of mail this takes a while; you can keep reading meanwhile, and Cancel leaves the index as it was.

Rebuild the index now?</source>
        <translation>鸿雁将重新读取每一封邮件来重建索引（邮件列表、计数和搜索）。你的邮件不会被改动。邮件很多时需要一段时间；期间你可以继续阅读邮件，点“取消”则索引保持原样。

现在重建索引吗？</translation>
    </message>
    <message>
        <source>About Hongyan</source>
        <translation>关于鸿雁</translation>
    </message>
    <message>
        <source>Hongyan {version}
A POP3/SMTP mail client that keeps your mail on your disk.</source>
        <translation>鸿雁 {version}
把邮件保存在你自己磁盘上的 POP3/SMTP 邮件客户端。</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>导入(&amp;I)…</translation>
    </message>
    <message>
        <source>Re&amp;build Index</source>
        <translation>重建索引(&amp;B)</translation>
    </message>
    <message>
        <source>An import is already running.</source>
        <translation>已有导入正在进行。</translation>
    </message>
    <message>
        <source>The mail store is busy; try the import again when it is done.</source>
        <translation>邮件存储正忙，请在当前操作完成后再导入。</translation>
    </message>
    <message>
        <source>Rebuild Index</source>
        <translation>重建索引</translation>
    </message>
    <message>
        <source>The mail store is busy; try again when the current work is done.</source>
        <translation>邮件存储正忙，请在当前操作完成后再试。</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message>
        <source>Rebuild failed</source>
        <translation>重建失败</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>旗帜</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
</context>
<context>
    <name>MessagePane</name>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Unicode (UTF-8)</source>
        <translation>Unicode (UTF-8)</translation>
    </message>
    <message>
        <source>Cyrillic (KOI8-R)</source>
        <translation>西里尔文 (KOI8-R)</translation>
    </message>
    <message>
        <source>Cyrillic (Windows-1251)</source>
        <translation>西里尔文 (Windows-1251)</translation>
    </message>
    <message>
        <source>Western (Windows-1252)</source>
        <translation>西欧 (Windows-1252)</translation>
    </message>
    <message>
        <source>Central European (Windows-1250)</source>
        <translation>中欧 (Windows-1250)</translation>
    </message>
    <message>
        <source>Remember for this sender</source>
        <translation>对此发件人记住</translation>
    </message>
    <message>
        <source>Encoding:</source>
        <translation>编码：</translation>
    </message>
    <message>
        <source>From</source>
        <translation>发件人</translation>
    </message>
    <message>
        <source>To</source>
        <translation>收件人</translation>
    </message>
    <message>
        <source>Cc</source>
        <translation>抄送</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Date as sent: {date}</source>
        <translation>原始日期：{date}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{label}:&lt;/b&gt; {value}</source>
        <translation>&lt;b&gt;{label}：&lt;/b&gt;{value}</translation>
    </message>
</context>
<context>
    <name>MessageWindow</name>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message>
        <source>Cannot open the message</source>
        <translation>无法打开邮件</translation>
    </message>
    <message>
        <source>&amp;Reply</source>
        <translation>答复(&amp;R)</translation>
    </message>
    <message>
        <source>Reply &amp;All</source>
        <translation>全部答复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Forward</source>
        <translation>转发(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>删除(&amp;D)</translation>
    </message>
    <message>
        <source>Message toolbar</source>
        <translation>邮件工具栏</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>NamePage</name>
    <message>
        <source>Your name</source>
        <translation>你的姓名</translation>
    </message>
    <message>
        <source>When you send mail, your name appears in the From field of the message.</source>
        <translation>发送邮件时，你的姓名将出现在邮件的“发件人”栏中。</translation>
    </message>
    <message>
        <source>for example: Li Lei</source>
        <translation>例如：李雷</translation>
    </message>
    <message>
        <source>Display name:</source>
        <translation>显示名：</translation>
    </message>
</context>
<context>
    <name>OptionsDialog</name>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Mail store</source>
        <translation>邮件存储</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>更改…</translation>
    </message>
    <message>
        <source>Open Existing Store…</source>
        <translation>打开已有的存储…</translation>
    </message>
    <message>
        <source>All your messages are kept in this folder. Change moves them to another folder (for example on another disk); Open uses a store that already exists there, such as one from a backup or an earlier installation.</source>
        <translation>你的所有邮件都保存在这个文件夹中。“更改”会把它们移到另一个文件夹（例如另一块磁盘）；“打开”则使用那里已有的存储，例如备份或以前安装留下的存储。</translation>
    </message>
    <message>
        <source>Checking for mail</source>
        <translation>检查邮件</translation>
    </message>
    <message>
        <source>Get mail when Hongyan starts</source>
        <translation>启动鸿雁时接收邮件</translation>
    </message>
    <message numerus="yes">
        <source> minute(s)</source>
        <translation>
            <numerusform> 分钟</numerusform>
        </translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Show a notification when new mail arrives</source>
        <translation>收到新邮件时显示通知</translation>
    </message>
    <message>
        <source>Check for new mail every:</source>
        <translation>检查新邮件的间隔：</translation>
    </message>
    <message>
        <source>Reading and language</source>
        <translation>阅读与语言</translation>
    </message>
    <message>
        <source>Block remote images (recommended)</source>
        <translation>阻止远程图片（推荐）</translation>
    </message>
    <message>
        <source>Load remote images</source>
        <translation>加载远程图片</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Remote content in HTML mail:</source>
        <translation>HTML 邮件中的远程内容：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>Start Hongyan when I log in and get mail</source>
        <translation>登录时启动鸿雁并接收邮件</translation>
    </message>
    <message>
        <source>Open mailto: links with Hongyan</source>
        <translation>用鸿雁打开 mailto: 链接</translation>
    </message>
    <message>
        <source>Add “Send to mail recipient” to the file manager</source>
        <translation>在文件管理器中添加“发送到邮件收件人”</translation>
    </message>
    <message>
        <source>The desktop integration cannot be read: {reason}</source>
        <translation>无法读取桌面集成的状态：{reason}</translation>
    </message>
    <message>
        <source>Some installed parts are missing or were changed: {files}. OK puts back what is missing; what you changed is left as it is.</source>
        <translation>部分已安装的内容缺失或已被修改：{files}。点击“确定”会补回缺失的部分；你修改过的内容保持不变。</translation>
    </message>
    <message>
        <source>Desktop integration not changed</source>
        <translation>桌面集成未更改</translation>
    </message>
    <message>
        <source>Hongyan could not change these parts of your desktop:</source>
        <translation>鸿雁无法更改桌面上的以下内容：</translation>
    </message>
    <message>
        <source>Move the mail store to</source>
        <translation>将邮件存储移到</translation>
    </message>
    <message>
        <source>Moving your mail…</source>
        <translation>正在移动你的邮件…</translation>
    </message>
    <message>
        <source>Moving the mail store</source>
        <translation>正在移动邮件存储</translation>
    </message>
    <message>
        <source>Now using the mail store in {folder}.</source>
        <translation>现在使用位于 {folder} 的邮件存储。</translation>
    </message>
    <message>
        <source>Open an existing mail store</source>
        <translation>打开已有的邮件存储</translation>
    </message>
    <message>
        <source>Options not saved</source>
        <translation>选项未保存</translation>
    </message>
</context>
<context>
    <name>ProgressDialog</name>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>RemoteContentBar</name>
    <message>
        <source>Load once</source>
        <translation>加载一次</translation>
    </message>
    <message>
        <source>Always for this sender</source>
        <translation>总是加载此发件人的</translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) blocked to protect your privacy.</source>
        <translation>
            <numerusform>为保护你的隐私，已阻止 %n 张远程图片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ServerFields</name>
    <message>
        <source>pop.example.com</source>
        <translation>pop.example.com</translation>
    </message>
    <message>
        <source>smtp.example.com</source>
        <translation>smtp.example.com</translation>
    </message>
    <message>
        <source>SSL/TLS</source>
        <translation>SSL/TLS</translation>
    </message>
    <message>
        <source>STARTTLS</source>
        <translation>STARTTLS</translation>
    </message>
    <message>
        <source>None (insecure)</source>
        <translation>无（不安全）</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>安全：</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Email servers</source>
        <translation>电子邮件服务器</translation>
    </message>
    <message>
        <source>Hongyan filled these in from what it knows about your provider. Change them if your provider tells you otherwise.</source>
        <translation>鸿雁根据对你的邮件服务商的了解填写了这些设置。如果服务商另有说明，请修改。</translation>
    </message>
    <message>
        <source>Incoming mail server (POP3)</source>
        <translation>接收邮件服务器 (POP3)</translation>
    </message>
    <message>
        <source>Outgoing mail server (SMTP)</source>
        <translation>发送邮件服务器 (SMTP)</translation>
    </message>
    <message>
        <source>This provider does not offer POP3.</source>
        <translation>该服务商不提供 POP3。</translation>
    </message>
    <message>
        <source>Settings of your provider, from Hongyan&apos;s presets.</source>
        <translation>来自鸿雁预设的服务商设置。</translation>
    </message>
    <message>
        <source>Looking for the servers of your domain…</source>
        <translation>正在查找你的域名的服务器…</translation>
    </message>
    <message>
        <source>No server answered under the usual names; type them as your provider gives them.</source>
        <translation>常用的服务器名都没有应答；请按服务商提供的信息填写。</translation>
    </message>
    <message>
        <source>Servers found, but you have typed your own: kept.</source>
        <translation>已找到服务器，但你已自行填写：保留你的设置。</translation>
    </message>
    <message>
        <source>These servers answered.</source>
        <translation>这些服务器已应答。</translation>
    </message>
</context>
<context>
    <name>StatusPanel</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
</context>
<context>
    <name>StoreJobs</name>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation>
            <numerusform>%n 封邮件</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import cancelled; %n message(s) imported before that are kept.</source>
        <translation>
            <numerusform>导入已取消；之前已导入的 %n 封邮件已保留。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) imported.</source>
        <translation>
            <numerusform>已导入 %n 封邮件。</numerusform>
        </translation>
    </message>
    <message>
        <source>{done} of {total}</source>
        <translation>{done} / {total}</translation>
    </message>
    <message>
        <source>Rebuilding the index</source>
        <translation>正在重建索引</translation>
    </message>
    <message>
        <source>Switching to the new index…</source>
        <translation>正在切换到新索引…</translation>
    </message>
    <message>
        <source>Rebuild cancelled; the index is as it was.</source>
        <translation>重建已取消；索引保持原样。</translation>
    </message>
    <message numerus="yes">
        <source>The index was rebuilt: %n message(s).</source>
        <translation>
            <numerusform>索引已重建：%n 封邮件。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>StoreMover</name>
    <message>
        <source>Removing the old folder…</source>
        <translation>正在删除旧文件夹…</translation>
    </message>
    <message>
        <source>Your mail is now in {folder}.</source>
        <translation>你的邮件现在位于 {folder}。</translation>
    </message>
    <message>
        <source>Some files stayed in the old folder {folder}; they were not part of the store.</source>
        <translation>有些文件留在了旧文件夹 {folder} 中；它们不属于邮件存储。</translation>
    </message>
    <message>
        <source>Your mail stays in {folder}.</source>
        <translation>你的邮件仍在 {folder}。</translation>
    </message>
    <message>
        <source>Copying your messages: {done} of {total} files…</source>
        <translation>正在复制你的邮件：{done} / {total} 个文件…</translation>
    </message>
    <message>
        <source>Checking the copy of {total} files…</source>
        <translation>正在核对 {total} 个文件的副本…</translation>
    </message>
    <message>
        <source>The move was cancelled. Your mail stays in {folder}.</source>
        <translation>移动已取消。你的邮件仍在 {folder}。</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Test account settings</source>
        <translation>测试帐户设置</translation>
    </message>
    <message>
        <source>Hongyan logs in to both servers to check the settings.</source>
        <translation>鸿雁将登录两台服务器以检查设置。</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>重新测试</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>Both servers accepted the settings.</source>
        <translation>两台服务器都接受了这些设置。</translation>
    </message>
</context>
<context>
    <name>TrayIcon</name>
    <message numerus="yes">
        <source>%n new message(s)</source>
        <translation>
            <numerusform>%n 封新邮件</numerusform>
        </translation>
    </message>
    <message>
        <source>Hongyan</source>
        <translation>鸿雁</translation>
    </message>
    <message>
        <source>Get Mail</source>
        <translation>接收邮件</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>撰写邮件</translation>
    </message>
    <message>
        <source>Show Hongyan</source>
        <translation>显示鸿雁</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message numerus="yes">
        <source>%n unread message(s)</source>
        <translation>
            <numerusform>%n 封未读邮件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Open a program?</source>
        <translation>打开程序？</translation>
    </message>
    <message>
        <source>“{name}” is a program ({ext}). Opening it can harm your computer. Open it only if you expected it from this sender.</source>
        <translation>“{name}”是一个程序（{ext}）。打开它可能会损害你的计算机。只有当你确实在等这位发件人发来它时才打开。</translation>
    </message>
</context>
<context>
    <name>tasks</name>
    <message>
        <source>The operation failed: {reason}{where}.</source>
        <translation>操作失败：{reason}{where}。</translation>
    </message>
    <message>
        <source>Something went wrong inside Hongyan ({kind}). Details were written to the log; please report it.</source>
        <translation>鸿雁内部出错（{kind}）。详细信息已写入日志，请报告此问题。</translation>
    </message>
</context>
</TS>
