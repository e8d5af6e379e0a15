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
        <source>Automatic Reply</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <source>Added below the text of messages you write</source>
        <translation>添加在你所写邮件的正文下方</translation>
    </message>
    <message>
        <source>Mail account</source>
        <translation>邮件账户</translation>
    </message>
    <message>
        <source>Account name:</source>
        <translation>账户名称：</translation>
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
        <source>&amp;Test Settings…</source>
        <translation>测试设置(&amp;T)…</translation>
    </message>
    <message>
        <source>Log in to both servers with these settings; nothing is fetched or sent.</source>
        <translation>用这些设置登录两台服务器，不收取也不发送任何邮件。</translation>
    </message>
    <message>
        <source>Leave a copy of messages on the server</source>
        <translation>在服务器上保留邮件副本</translation>
    </message>
    <message>
        <source>Remove from the server after</source>
        <translation>在服务器上保留</translation>
    </message>
    <message numerus="yes">
        <source> day(s)</source>
        <comment>removed from the server after</comment>
        <translation>
            <numerusform> 天后删除</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove from the server when deleted from Trash</source>
        <translation>从“已删除邮件”中删除时，同时从服务器删除</translation>
    </message>
    <message>
        <source>Download only the headers of messages over</source>
        <translation>邮件大于</translation>
    </message>
    <message>
        <source> KB</source>
        <translation> KB 时只下载邮件头</translation>
    </message>
    <message>
        <source> MB</source>
        <translation> MB</translation>
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
        <translation>“接收全部账户”时包括此账户</translation>
    </message>
    <message>
        <source>Delivery</source>
        <translation>投递</translation>
    </message>
    <message>
        <source>Size limit:</source>
        <translation>大小上限：</translation>
    </message>
    <message>
        <source>larger messages stay on the server</source>
        <translation>更大的邮件留在服务器上</translation>
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
        <translation>账户未保存</translation>
    </message>
</context>
<context>
    <name>AccountTestDialog</name>
    <message>
        <source>Test Account Settings</source>
        <extracomment>The account as edited now and the passwords to test it with (None: the user declined).</extracomment>
        <translation>测试账户设置</translation>
    </message>
    <message>
        <source>Test again</source>
        <translation>重新测试</translation>
    </message>
    <message>
        <source>Not tested: no password was given.</source>
        <translation>未测试：没有输入密码。</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>AccountWizard</name>
    <message>
        <source>New Account</source>
        <translation>新建账户</translation>
    </message>
</context>
<context>
    <name>AccountsDialog</name>
    <message>
        <source>Accounts</source>
        <translation>账户</translation>
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
        <translation>删除账户</translation>
    </message>
    <message>
        <source>Remove the account {name}?</source>
        <translation>删除账户 {name}？</translation>
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
        <translation>账户未删除</translation>
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
    <name>Application</name>
    <message>
        <source>Hongyan</source>
        <translation>鸿雁 Hongyan</translation>
    </message>
</context>
<context>
    <name>AutoRepliesDialog</name>
    <message>
        <source>Automatic Replies</source>
        <translation>自动回复</translation>
    </message>
    <message>
        <source>Choose the template that answers the new mail of each account, or Off.</source>
        <translation>为每个账户选择自动回复新邮件所用的模板，或选择“关闭”。</translation>
    </message>
    <message>
        <source>There is no account yet.</source>
        <translation>还没有账户。</translation>
    </message>
    <message>
        <source>Automatic replies not saved</source>
        <translation>自动回复未保存</translation>
    </message>
</context>
<context>
    <name>AutoReply</name>
    <message>
        <source>Each sender gets at most one automatic reply in {days} days. Mailing lists, mail written by machines (other automatic replies, delivery reports, no-reply addresses), Junk and your own addresses are never answered. Replies are sent after each Get Mail.</source>
        <translation>同一发件人 {days} 天内最多收到一次自动回复。邮件列表、机器发出的邮件（其他自动回复、退信通知、no-reply 地址）、垃圾邮件以及您自己的地址都不会收到回复。回复在每次收信后发出。</translation>
    </message>
</context>
<context>
    <name>AutoReplyBox</name>
    <message>
        <source>Answer new mail of this account with a template: an out-of-office note, or “we received your enquiry and will answer within 48 hours”.</source>
        <translation>用模板自动回复此账户收到的新邮件，例如外出通知，或“您的咨询已收到，我们将在 48 小时内答复”。</translation>
    </message>
    <message>
        <source>Reply with:</source>
        <translation>回复所用模板：</translation>
    </message>
</context>
<context>
    <name>AutoReplyIndicator</name>
    <message>
        <source>Automatic replies on</source>
        <translation>自动回复已开启</translation>
    </message>
    <message>
        <source>{account}: replies with “{template}”</source>
        <translation>{account}：用“{template}”回复</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Certificate not trusted</source>
        <extracomment>The width of the dialog (a fingerprint line and the labels beside it fit in it). Bytes of the fingerprint per line: 32 bytes in two lines of 16, so it wraps inside the dialog and reads as providers print it.</extracomment>
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
    <name>CertificateStatus</name>
    <message>
        <source>Forget</source>
        <translation>忘记</translation>
    </message>
    <message>
        <source>Trust this server only with the system&apos;s certificate authorities again.</source>
        <translation>不再信任此证书，改回只按系统信任的证书颁发机构验证此服务器。</translation>
    </message>
    <message>
        <source>Reading when it expires from the server…</source>
        <translation>正在从服务器读取证书的到期日…</translation>
    </message>
    <message>
        <source>Certificate accepted by you.</source>
        <translation>你接受的证书。</translation>
    </message>
    <message>
        <source>Trusted with a certificate file.</source>
        <translation>按证书文件信任。</translation>
    </message>
    <message>
        <source>Valid until {date}.</source>
        <translation>有效期至 {date}。</translation>
    </message>
    <message>
        <source>Verified with the certificate authorities your system trusts.</source>
        <translation>按系统信任的证书颁发机构验证。</translation>
    </message>
    <message>
        <source>When it expires is not known: the server did not answer.</source>
        <translation>服务器没有应答，不知道证书何时到期。</translation>
    </message>
    <message>
        <source>The server now shows another certificate (SHA-256 {fingerprint}): Hongyan will ask you about it when it connects.</source>
        <translation>服务器现在出示的是另一份证书（SHA-256 {fingerprint}）：鸿雁连接时会询问你。</translation>
    </message>
</context>
<context>
    <name>ComposeTemplates</name>
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>&amp;Use Template</source>
        <translation>使用模板(&amp;U)</translation>
    </message>
    <message>
        <source>Insert &amp;Placeholder</source>
        <translation>插入占位符(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Save as Template…</source>
        <translation>存为模板(&amp;S)…</translation>
    </message>
    <message>
        <source>No value is known for: {names}. It was left empty.</source>
        <translation>没有可填的内容：{names}，已留空。</translation>
    </message>
    <message>
        <source>Cannot use the template</source>
        <translation>无法使用模板</translation>
    </message>
    <message>
        <source>Hongyan does not know these placeholders, so they would be sent as written: {tokens}</source>
        <translation>鸿雁无法识别以下占位符，它们会按原样发出：{tokens}</translation>
    </message>
    <message>
        <source>No value is known for these, so they would be left empty: {names}</source>
        <translation>以下占位符没有可填的内容，发出时将为空：{names}</translation>
    </message>
    <message>
        <source>Check the placeholders</source>
        <translation>请检查占位符</translation>
    </message>
    <message>
        <source>Go back to correct them, or send the message as it is?</source>
        <translation>返回修改，还是按现在的内容发送？</translation>
    </message>
    <message>
        <source>Go Back</source>
        <translation>返回修改</translation>
    </message>
    <message>
        <source>Send Anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Save as Template</source>
        <translation>存为模板</translation>
    </message>
    <message>
        <source>Template name:</source>
        <translation>模板名称：</translation>
    </message>
    <message>
        <source>Template not saved</source>
        <translation>模板未保存</translation>
    </message>
    <message>
        <source>Replace template?</source>
        <translation>替换模板？</translation>
    </message>
    <message>
        <source>A template named “{name}” exists already. Replace it?</source>
        <translation>已有名为“{name}”的模板。要替换它吗？</translation>
    </message>
    <message>
        <source>Saved as the template “{name}”.</source>
        <translation>已存为模板“{name}”。</translation>
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
        <translation>发送邮件前请先添加账户。</translation>
    </message>
    <message>
        <source>Send &amp;Later</source>
        <translation>定时发送(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Templates</source>
        <translation>模板(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quick Text…</source>
        <translation>常用语(&amp;Q)…</translation>
    </message>
    <message>
        <source>Save Selection as Quick Text…</source>
        <translation>将所选文字存为常用语…</translation>
    </message>
    <message>
        <source>Sent through the account {account}</source>
        <translation>通过账户 {account} 发送</translation>
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
    <name>Core</name>
    <message>
        <source>An account needs a name.</source>
        <translation>账户需要一个名称。</translation>
    </message>
    <message>
        <source>The account name {name!r} must not start or end with a space.</source>
        <translation>账户名 {name!r} 的开头和结尾不能是空格。</translation>
    </message>
    <message>
        <source>The account name {name!r} contains control characters.</source>
        <translation>账户名 {name!r} 含有控制字符。</translation>
    </message>
    <message>
        <source>The account name must be at most {limit} characters.</source>
        <translation>账户名最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be text, not {value!r}.</source>
        <translation>“{key}”必须是文本，而不是 {value!r}。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must not be empty.</source>
        <translation>“{key}”不能为空。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must not contain line breaks or control characters.</source>
        <translation>“{key}”不能含有换行符或控制字符。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos;: {address!r} is not an e-mail address like name@example.com.</source>
        <translation>“{key}”：{address!r} 不是 name@example.com 这样的电子邮件地址。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a whole number, not {value!r}.</source>
        <translation>“{key}”必须是整数，而不是 {value!r}。</translation>
    </message>
    <message>
        <source>from {low} to {high}</source>
        <translation>在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>of at least {low}</source>
        <translation>不小于 {low}</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a number {bounds}, not {value}.</source>
        <translation>“{key}”必须是{bounds}的数，而不是 {value}。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be true or false, not {value!r}.</source>
        <translation>“{key}”必须是 true 或 false，而不是 {value!r}。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos;: {reason} in {command!r}; write it as in a shell.</source>
        <translation>“{key}”：{command!r} 有误（{reason}）；请按命令行（shell）的写法书写。</translation>
    </message>
    <message>
        <source>{text!r} is not a SHA-256 fingerprint (64 hexadecimal digits).</source>
        <translation>{text!r} 不是 SHA-256 指纹（64 位十六进制数字）。</translation>
    </message>
    <message>
        <source>&apos;{prefix}host&apos;: {host!r} is not a host name.</source>
        <translation>“{prefix}host”：{host!r} 不是主机名。</translation>
    </message>
    <message>
        <source>&apos;{prefix}security&apos; must be one of {allowed}, not {security!r}.</source>
        <translation>“{prefix}security”必须是 {allowed} 之一，而不是 {security!r}。</translation>
    </message>
    <message>
        <source>&apos;{prefix}pinned_certs&apos; must be a list of fingerprints.</source>
        <translation>“{prefix}pinned_certs”必须是指纹列表。</translation>
    </message>
    <message>
        <source>&apos;{prefix}trust_cert_pem&apos; must be PEM certificate text.</source>
        <translation>“{prefix}trust_cert_pem”必须是 PEM 证书文本。</translation>
    </message>
    <message>
        <source>&apos;{prefix}signature&apos; must be text, not {signature!r}.</source>
        <translation>“{prefix}signature”必须是文本，而不是 {signature!r}。</translation>
    </message>
    <message>
        <source>&apos;{where}&apos; must be a JSON object with at least an address.</source>
        <translation>“{where}”必须是至少含有地址的 JSON 对象。</translation>
    </message>
    <message>
        <source>unknown setting &apos;{where}.{unknown}&apos;.</source>
        <translation>未知设置“{where}.{unknown}”。</translation>
    </message>
    <message>
        <source>the setting &apos;{where}.address&apos; is missing.</source>
        <translation>缺少设置“{where}.address”。</translation>
    </message>
    <message>
        <source>{where}: {error}</source>
        <translation>{where}：{error}</translation>
    </message>
    <message>
        <source>&apos;signature&apos; must be text, not {signature!r}.</source>
        <translation>“signature”必须是文本，而不是 {signature!r}。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be server settings, not {server!r}.</source>
        <translation>“{key}”必须是服务器设置，而不是 {server!r}。</translation>
    </message>
    <message>
        <source>&apos;{key}.security&apos; is &apos;none&apos; (no encryption): the password and mail would cross the network readable by anyone on the way. Choose ssl or starttls, or give the explicit consent allow_insecure (--allow-insecure).</source>
        <translation>“{key}.security”为“none”（不加密）：密码和邮件将以明文经过网络，途中任何人都能读取。请选择 ssl 或 starttls，或明确同意 allow_insecure（--allow-insecure）。</translation>
    </message>
    <message>
        <source>&apos;identities&apos; must be a list.</source>
        <translation>“identities”必须是列表。</translation>
    </message>
    <message>
        <source>&apos;identities[{number}]&apos; must be an identity, not {identity!r}.</source>
        <translation>“identities[{number}]”必须是身份，而不是 {identity!r}。</translation>
    </message>
    <message>
        <source>&apos;identities[{number}].address&apos;: {address} is already an address of the account &apos;{name}&apos;.</source>
        <translation>“identities[{number}].address”：{address} 已经是账户“{name}”的地址。</translation>
    </message>
    <message>
        <source>The account &apos;{name}&apos; has no identity {address} (its addresses: {known}).</source>
        <translation>账户“{name}”没有身份 {address}（它的地址：{known}）。</translation>
    </message>
    <message>
        <source>{address} is the address of the account &apos;{name}&apos; itself; change it in the account&apos;s settings or remove the account.</source>
        <translation>{address} 是账户“{name}”本身的地址；请在账户设置中修改，或删除该账户。</translation>
    </message>
    <message>
        <source>an account entry must be a JSON object, not {data!r}.</source>
        <translation>账户条目必须是 JSON 对象，而不是 {data!r}。</translation>
    </message>
    <message>
        <source>unknown setting &apos;{unknown}&apos;.</source>
        <translation>未知设置“{unknown}”。</translation>
    </message>
    <message>
        <source>the setting &apos;{missing}&apos; is missing.</source>
        <translation>缺少设置“{missing}”。</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a JSON object with host, port and security.</source>
        <translation>“{key}”必须是含有 host、port 和 security 的 JSON 对象。</translation>
    </message>
    <message>
        <source>unknown setting &apos;{key}.{unknown}&apos;.</source>
        <translation>未知设置“{key}.{unknown}”。</translation>
    </message>
    <message>
        <source>the setting &apos;{key}.{required}&apos; is missing.</source>
        <translation>缺少设置“{key}.{required}”。</translation>
    </message>
    <message>
        <source>{path} could not be read: {error}</source>
        <translation>无法读取 {path}：{error}</translation>
    </message>
    <message>
        <source>{path} does not hold an &apos;accounts&apos; list.</source>
        <translation>{path} 中没有“accounts”列表。</translation>
    </message>
    <message>
        <source>account &apos;{label}&apos;</source>
        <translation>账户“{label}”</translation>
    </message>
    <message>
        <source>account #{value}</source>
        <translation>第 {value} 个账户</translation>
    </message>
    <message>
        <source>{path}, {where}: {error}</source>
        <translation>{path}，{where}：{error}</translation>
    </message>
    <message>
        <source>{path}: two accounts are named &apos;{name}&apos;.</source>
        <translation>{path}：有两个账户都叫“{name}”。</translation>
    </message>
    <message>
        <source>{path}: the default account &apos;{default}&apos; does not exist.</source>
        <translation>{path}：默认账户“{default}”不存在。</translation>
    </message>
    <message>
        <source>{path} was changed by another Hongyan window or command after it was read, so this change was not saved. Open the accounts again and repeat it.</source>
        <translation>读取 {path} 之后，另一个鸿雁窗口或命令修改了它，所以这次更改没有保存。请重新打开账户，再做一次。</translation>
    </message>
    <message>
        <source>There is no account named &apos;{name}&apos; (accounts: {known}).</source>
        <translation>没有名为“{name}”的账户（现有账户：{known}）。</translation>
    </message>
    <message>
        <source>An account named &apos;{name}&apos; already exists.</source>
        <translation>名为“{name}”的账户已存在。</translation>
    </message>
    <message>
        <source>No account or identity sends as {address} (addresses: {known}).</source>
        <translation>没有以 {address} 发信的账户或身份（现有地址：{known}）。</translation>
    </message>
    <message>
        <source>Cannot read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Cannot write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>a file of that name is already there; move it away and install again</source>
        <translation>那里已有同名文件；请把它移走后再安装</translation>
    </message>
    <message>
        <source>you changed this file since Hongyan wrote it; it was left as it is</source>
        <translation>鸿雁写入这个文件后你修改过它；已保持原样</translation>
    </message>
    <message>
        <source>you changed this file since Hongyan wrote it; delete it yourself if unwanted</source>
        <translation>鸿雁写入这个文件后你修改过它；如不需要请自行删除</translation>
    </message>
    <message>
        <source>Cannot remove {path}: {reason}.</source>
        <translation>无法删除 {path}：{reason}。</translation>
    </message>
    <message>
        <source>changed since Hongyan wrote it</source>
        <translation>鸿雁写入后已被修改</translation>
    </message>
    <message>
        <source>The record of installed desktop files, {path}, cannot be read ({error}). Nothing was changed; see docs/desktop-integration.md to remove them by hand.</source>
        <translation>无法读取已安装桌面文件的记录 {path}（{error}）。没有做任何更改；如需手动删除这些文件，请参阅 docs/desktop-integration.md。</translation>
    </message>
    <message>
        <source>{path} was written by another version of Hongyan.</source>
        <translation>{path} 是由另一个版本的鸿雁写入的。</translation>
    </message>
    <message>
        <source>The path {arg!r} contains a control character (such as a line break); desktop launchers cannot hold it. Install Hongyan in a folder with a plain name.</source>
        <translation>路径 {arg!r} 含有控制字符（例如换行符），桌面启动器无法使用。请把鸿雁安装在名称普通的文件夹中。</translation>
    </message>
    <message>
        <source>The path {arg!r} is not valid UTF-8; desktop launchers need UTF-8 paths.</source>
        <translation>路径 {arg!r} 不是有效的 UTF-8；桌面启动器需要 UTF-8 路径。</translation>
    </message>
    <message>
        <source>The program path {argv!r} contains &apos;=&apos;, which desktop launchers do not allow.</source>
        <translation>程序路径 {argv!r} 含有“=”，桌面启动器不允许。</translation>
    </message>
    <message>
        <source>The Windows registry is not available on this system.</source>
        <translation>此系统上没有 Windows 注册表。</translation>
    </message>
    <message>
        <source>now {value}</source>
        <translation>现为 {value}</translation>
    </message>
    <message>
        <source>The {what} contains a line break or control character, which is refused: it could add hidden headers to the message.</source>
        <translation>{what}含有换行符或控制字符，已拒绝：它可能给邮件加上隐藏的邮件头。</translation>
    </message>
    <message>
        <source>The {what} {shown!r} has an address that is not valid.</source>
        <translation>{what} {shown!r} 中有无效的地址。</translation>
    </message>
    <message>
        <source>The compose request is not an object.</source>
        <translation>撰写请求不是一个对象。</translation>
    </message>
    <message>
        <source>To field</source>
        <translation>“收件人”栏</translation>
    </message>
    <message>
        <source>Cc field</source>
        <translation>“抄送”栏</translation>
    </message>
    <message>
        <source>Bcc field</source>
        <translation>“密送”栏</translation>
    </message>
    <message>
        <source>The compose request is malformed ({error}).</source>
        <translation>撰写请求格式错误（{error}）。</translation>
    </message>
    <message>
        <source>subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>The compose request names an attachment by a relative path.</source>
        <translation>撰写请求用相对路径指定了附件。</translation>
    </message>
    <message>
        <source>{given} does not exist</source>
        <translation>{given} 不存在</translation>
    </message>
    <message>
        <source>{given} is a folder (attach files, or zip the folder first)</source>
        <translation>{given} 是文件夹（请添加文件，或先把文件夹压缩）</translation>
    </message>
    <message>
        <source>{given} cannot be read (no permission)</source>
        <translation>{given} 无法读取（没有权限）</translation>
    </message>
    <message>
        <source>Cannot attach: {problems}.</source>
        <translation>无法添加附件：{problems}。</translation>
    </message>
    <message>
        <source>To address</source>
        <translation>收件人地址</translation>
    </message>
    <message>
        <source>Cc address</source>
        <translation>抄送地址</translation>
    </message>
    <message>
        <source>Bcc address</source>
        <translation>密送地址</translation>
    </message>
    <message>
        <source>The mailto link is not valid UTF-8 after percent-decoding.</source>
        <translation>mailto 链接经百分号解码后不是有效的 UTF-8。</translation>
    </message>
    <message>
        <source>{url!r} is not a mailto: link.</source>
        <translation>{url!r} 不是 mailto: 链接。</translation>
    </message>
    <message>
        <source>subject of the mailto link</source>
        <translation>mailto 链接的主题</translation>
    </message>
    <message>
        <source>The body of the mailto link contains a NUL character; refused.</source>
        <translation>mailto 链接的正文含有 NUL 字符，已拒绝。</translation>
    </message>
    <message>
        <source>address in the mailto link</source>
        <translation>mailto 链接中的地址</translation>
    </message>
    <message>
        <source>The launch request is not JSON.</source>
        <translation>启动请求不是 JSON。</translation>
    </message>
    <message>
        <source>The launch request has no known kind.</source>
        <translation>启动请求的类型无法识别。</translation>
    </message>
    <message>
        <source>Could not run {argv}: {error}.</source>
        <translation>无法运行 {argv}：{error}。</translation>
    </message>
    <message>
        <source>{argv} failed: {output}.</source>
        <translation>{argv} 失败：{output}。</translation>
    </message>
    <message>
        <source>no message</source>
        <translation>没有消息</translation>
    </message>
    <message>
        <source>Shortcuts can only be made on Windows.</source>
        <translation>只能在 Windows 上创建快捷方式。</translation>
    </message>
    <message>
        <source>PowerShell reported success but {path} was not made.</source>
        <translation>PowerShell 报告成功，但没有生成 {path}。</translation>
    </message>
    <message>
        <source>{path} is not valid XML ({error}); Hongyan did not change it. Fix or move the file and try again.</source>
        <translation>{path} 不是有效的 XML（{error}），鸿雁没有修改它。请修复或移走该文件后重试。</translation>
    </message>
    <message>
        <source>{path} is not a Thunar actions file; Hongyan did not change it.</source>
        <translation>{path} 不是 Thunar 动作文件，鸿雁没有修改它。</translation>
    </message>
    <message>
        <source>{path} has no &lt;actions&gt; element; Hongyan did not change it.</source>
        <translation>{path} 中没有 &lt;actions&gt; 元素，鸿雁没有修改它。</translation>
    </message>
    <message>
        <source>{path} could not be edited safely; Hongyan did not change it.</source>
        <translation>无法安全地编辑 {path}，鸿雁没有修改它。</translation>
    </message>
    <message>
        <source>Hongyan&apos;s action in {path} could not be removed safely; remove it in Thunar.</source>
        <translation>无法安全地删除 {path} 中鸿雁的动作，请在 Thunar 中删除它。</translation>
    </message>
    <message>
        <source>{path} is not UTF-8; Hongyan did not change it.</source>
        <translation>{path} 不是 UTF-8，鸿雁没有修改它。</translation>
    </message>
    <message>
        <source>changed in Thunar</source>
        <translation>已在 Thunar 中修改</translation>
    </message>
    <message>
        <source>APPDATA is not set, so the Start menu folder cannot be found.</source>
        <translation>没有设置 APPDATA，因此找不到“开始”菜单文件夹。</translation>
    </message>
    <message>
        <source>{filename} is not an attached message.</source>
        <extracomment>Bytes allowed in a file name on every common file system (ext4, NTFS, APFS).</extracomment>
        <translation>{filename} 不是作为附件的邮件。</translation>
    </message>
    <message>
        <source>Refusing to save {filename!r} outside {directory}.</source>
        <translation>拒绝把 {filename!r} 保存到 {directory} 之外。</translation>
    </message>
    <message>
        <source>Could not find a free name for {name} in {directory}.</source>
        <translation>在 {directory} 中找不到可用于 {name} 的空闲文件名。</translation>
    </message>
    <message>
        <source>The folder {folder} does not exist; choose an existing folder.</source>
        <translation>文件夹 {folder} 不存在，请选择一个已有的文件夹。</translation>
    </message>
    <message>
        <source>Could not save attachments in {folder}: {reason}. Check that the folder is writable and the disk is not full.</source>
        <translation>无法把附件保存到 {folder}：{reason}。请检查该文件夹是否可写、磁盘是否已满。</translation>
    </message>
    <message>
        <source>Unknown character set {label!r}; the text was guessed.</source>
        <extracomment>Shorter texts are not given to the detector: on a few bytes its guesses are noise. Share of 8-bit bytes (spaces aside) from which text is taken to be written in a multi-byte encoding (Japanese or Chinese text: most of its bytes), so worth guessing at. Bytes of a body given to the charset detector; detection on more is slower and no better. Encodings of one language: a label of one that the bytes contradict is most likely one of the others (a Japanese mailer that labelled its Shift_JIS as ISO-2022-JP). East Asian multi-byte encodings as (the strict standard checked, the superset that reads it): their byte structure is specific enough that text fitting exactly one is in it. A guess of these stands only when the bytes are valid in the standard it extends. UHC&apos;s extra syllables (cp949 beyond EUC-KR) are almost never written, yet they make Shift_JIS bytes valid &quot;Korean&quot;: charset-normalizer takes ordinary Japanese text for cp949. How the notices name an encoding: as mail software labels it, not Python&apos;s codec name.</extracomment>
        <translation>未知字符集 {label!r}，文本编码是推测的。</translation>
    </message>
    <message>
        <source>Labelled {label}, but the text is UTF-8; shown as UTF-8.</source>
        <translation>标注为 {label}，但文本是 UTF-8，按 UTF-8 显示。</translation>
    </message>
    <message>
        <source>Labelled {label}, but the text is Big5; shown as Big5.</source>
        <translation>标注为 {label}，但文本是 Big5，按 Big5 显示。</translation>
    </message>
    <message>
        <source>Part of the text is not valid UTF-8 and is shown as �.</source>
        <translation>部分文本不是有效的 UTF-8，显示为 �。</translation>
    </message>
    <message>
        <source>The text is not valid {label}; it looks like {guessed}.</source>
        <translation>文本不是有效的 {label}，看起来像 {guessed}。</translation>
    </message>
    <message>
        <source>Part of the text could not be decoded and is shown as �.</source>
        <translation>部分文本无法解码，显示为 �。</translation>
    </message>
    <message>
        <source>Cannot attach {path}: there is no such file.</source>
        <extracomment>How outgoing messages are built and stored: modern header handling, 7-bit bodies, and lines ending in LF as in any Maildir file (the SMTP layer sends them as CRLF). Headers set here already folded, and those of a forwarded original, are written as they are: the stdlib&apos;s refolding of such raw values can split a token (a long MIME type) in two.</extracomment>
        <translation>无法添加附件 {path}：没有这个文件。</translation>
    </message>
    <message>
        <source>Cannot attach {content}: {reason}.</source>
        <translation>无法添加附件 {content}：{reason}。</translation>
    </message>
    <message>
        <source>it cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>“{original}” is not a valid email address: check the part after @.</source>
        <translation>“{original}”不是有效的电子邮件地址：请检查 @ 后面的部分。</translation>
    </message>
    <message>
        <source>“{original}” is not a valid email address: the domain cannot be encoded.</source>
        <translation>“{original}”不是有效的电子邮件地址：域名无法编码。</translation>
    </message>
    <message>
        <source>“{printable}” is not a valid email address: it contains a line break.</source>
        <translation>“{printable}”不是有效的电子邮件地址：其中含有换行符。</translation>
    </message>
    <message>
        <source>“{shown}” is not a valid email address: it needs a name@domain form.</source>
        <translation>“{shown}”不是有效的电子邮件地址：应为 name@domain 的形式。</translation>
    </message>
    <message>
        <source>“{shown}” is not a valid email address: check the part before @ (spaces, quotes, brackets and commas are not allowed there).</source>
        <translation>“{shown}”不是有效的电子邮件地址：请检查 @ 前面的部分（那里不能有空格、引号、括号和逗号）。</translation>
    </message>
    <message>
        <source>“{entry}” is not a valid list of email addresses: separate addresses with commas, and write names as Name &lt;name@example.com&gt; (with both angle brackets).</source>
        <translation>“{entry}”不是有效的电子邮件地址列表：请用逗号分隔地址，姓名写成 Name &lt;name@example.com&gt;（两个尖括号都要有）。</translation>
    </message>
    <message>
        <source>“{entry}” is not a valid email address: check the part after @ and the angle brackets.</source>
        <translation>“{entry}”不是有效的电子邮件地址：请检查 @ 后面的部分和尖括号。</translation>
    </message>
    <message>
        <source>“{from_addr}”: the From field takes exactly one address.</source>
        <translation>“{from_addr}”：“发件人”只能填一个地址。</translation>
    </message>
    <message>
        <source>Add at least one recipient in To, Cc or Bcc.</source>
        <translation>请在“收件人”“抄送”或“密送”中至少填写一个收件人。</translation>
    </message>
    <message>
        <source>The sender name shows {name!r} but the real address is {addr}.</source>
        <extracomment>A header value longer than this is cut before parsing (CPython gh-136063: quadratic header parsing). Real headers stay far below it; a References list of 500 ids is ~30 KB. A continuation line of nothing but white space (obsolete folding, RFC 5322 §4.2): no text. Addresses read from one header (a million-recipient To: is an attack, not a list).</extracomment>
        <translation>发件人名称显示为 {name!r}，但实际地址是 {addr}。</translation>
    </message>
    <message>
        <source>The address {addr} has more than one @; it goes to the last domain.</source>
        <translation>地址 {addr} 含有不止一个 @，邮件会发往最后一个域名。</translation>
    </message>
    <message>
        <source>This text is very long; only its first 4 MB are shown.</source>
        <extracomment>MIME parts visited at most by :func:`walk`. Depth of nesting that :func:`walk` follows. Bytes of one text part decoded for reading and indexing (a 50 MB text is an attack). Machine reports in bounces and receipts: part of the message, not files to save. Status reports shown as text when a report puts one first (where its human text belongs).</extracomment>
        <translation>这段文本很长，只显示前 4 MB。</translation>
    </message>
    <message>
        <source>The text contains NUL bytes; they are shown as �.</source>
        <translation>文本中含有 NUL 字节，显示为 �。</translation>
    </message>
    <message>
        <source>An HTML part is encoded as UTF-7; it is shown undecoded.</source>
        <translation>有一个 HTML 部分以 UTF-7 编码，按未解码的原样显示。</translation>
    </message>
    <message>
        <source>{charset!r} is not an encoding Hongyan knows.</source>
        <translation>{charset!r} 不是鸿雁认识的编码。</translation>
    </message>
    <message>
        <source>This text is too long to show whole ({size}); its first {shown} are shown. The whole text is in the attachment list.</source>
        <extracomment>An inline ``cid:`` image larger than this is not shown (a decompression bomb starts small, so the widget also caps pixels when it decodes). Image types shown inline: raster only. SVG can carry script and external references.</extracomment>
        <translation>此文本太长（{size}），无法完整显示；只显示了前 {shown}。完整文本在附件列表中。</translation>
    </message>
    <message>
        <source>A link shows “{shown}” but goes to {target}.</source>
        <translation>有一个链接显示为“{shown}”，实际指向 {target}。</translation>
    </message>
    <message>
        <source>{remote_blocked} remote images blocked.</source>
        <translation>已阻止 {remote_blocked} 张远程图片。</translation>
    </message>
    <message>
        <source>The attachment name {filename!r} hides characters that change how it looks; its real type is .{extension}</source>
        <translation>附件名 {filename!r} 中藏有改变其显示效果的字符；它的真实类型是 .{extension}</translation>
    </message>
    <message>
        <source>Another Hongyan is sending the Outbox right now; try again in a moment.</source>
        <translation>另一个鸿雁正在发送发件箱中的邮件，请稍后再试。</translation>
    </message>
    <message>
        <source>Sent “{subject}”. {summary}</source>
        <translation>已发送“{subject}”。{summary}</translation>
    </message>
    <message>
        <source>“{subject}” will be tried again: {error}</source>
        <translation>“{subject}”稍后将重试：{error}</translation>
    </message>
    <message>
        <source>“{subject}” waits until {time}.</source>
        <translation>“{subject}”将于 {time} 发送。</translation>
    </message>
    <message>
        <source>“{subject}” needs you: {error}</source>
        <translation>“{subject}”需要你处理：{error}</translation>
    </message>
    <message>
        <source>Sent “{subject}” {lateness} late (it was due at {time}). {summary}</source>
        <translation>已发送“{subject}”，比预定时间 {time} 晚了{lateness}。{summary}</translation>
    </message>
    <message>
        <source>A message without a Message-ID cannot be queued for sending.</source>
        <translation>没有 Message-ID 的邮件不能放入待发送队列。</translation>
    </message>
    <message>
        <source>There is no message {store_id} in the Outbox.</source>
        <translation>发件箱中没有邮件 {store_id}。</translation>
    </message>
    <message>
        <source>“{subject}” cannot be rescheduled now: it waits for you to resend it or mark it as sent.</source>
        <translation>现在无法更改“{subject}”的发送时间：它正等待你重新发送或标记为已发送。</translation>
    </message>
    <message>
        <source>Hongyan is sending the Outbox right now; try again in a moment.</source>
        <translation>鸿雁正在发送发件箱中的邮件，请稍后再试。</translation>
    </message>
    <message>
        <source>This message was sent already; it is in Sent now.</source>
        <translation>这封邮件已经发出，现在位于“已发送邮件”中。</translation>
    </message>
    <message>
        <source>This message has no account to send it with.</source>
        <translation>这封邮件没有可用来发送的账户。</translation>
    </message>
    <message>
        <source>Hongyan was stopped while the server was confirming this message: it may have been delivered. Check with a recipient, then resend it or mark it as sent.</source>
        <translation>服务器确认这封邮件时鸿雁被中止了：邮件可能已经送达。请向收件人核实，然后重新发送或标记为已发送。</translation>
    </message>
    <message>
        <source>the server gave no reason</source>
        <translation>服务器没有给出原因</translation>
    </message>
    <message>
        <source>server said: &quot;{reply}&quot;</source>
        <translation>服务器回复：“{reply}”</translation>
    </message>
    <message>
        <source>The server&apos;s certificate is not trusted ({endpoint}: {verify_message}). Hongyan did not log in.</source>
        <translation>服务器证书不受信任（{endpoint}：{verify_message}）。鸿雁没有登录。</translation>
    </message>
    <message>
        <source>No secure connection to {endpoint}: {reason}.</source>
        <translation>无法与 {endpoint} 建立安全连接：{reason}。</translation>
    </message>
    <message>
        <source>Cannot reach {endpoint} ({reason}). Check the host name and port, and that this computer is online.</source>
        <translation>无法连接到 {endpoint}（{reason}）。请检查主机名和端口，以及这台电脑是否已联网。</translation>
    </message>
    <message>
        <source>{endpoint} is too slow: a reply did not finish within the time allowed.</source>
        <translation>{endpoint} 响应太慢：回复没有在规定时间内完成。</translation>
    </message>
    <message>
        <source>{endpoint} stopped answering.</source>
        <translation>{endpoint} 不再响应。</translation>
    </message>
    <message>
        <source>The secure connection to {endpoint} broke: {error}.</source>
        <translation>与 {endpoint} 的安全连接中断：{error}。</translation>
    </message>
    <message>
        <source>The connection to {endpoint} was lost ({reason}).</source>
        <translation>与 {endpoint} 的连接已断开（{reason}）。</translation>
    </message>
    <message>
        <source>{endpoint} closed the connection unexpectedly.</source>
        <translation>{endpoint} 意外关闭了连接。</translation>
    </message>
    <message>
        <source>{endpoint} sent a line that is far too long.</source>
        <translation>{endpoint} 发来的一行过长。</translation>
    </message>
    <message>
        <source>{endpoint} sent something that is not a POP3 reply ({reply}).</source>
        <translation>{endpoint} 发来的不是 POP3 回复（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} sent a reply before it was asked anything ({reply}).</source>
        <translation>{endpoint} 在收到任何请求之前就发来了回复（{reply}）。</translation>
    </message>
    <message>
        <source>A POP3 command argument contains a line break; nothing was sent.</source>
        <translation>POP3 命令参数中含有换行符，没有发送任何内容。</translation>
    </message>
    <message>
        <source>{endpoint} sent a listing with too many entries.</source>
        <translation>{endpoint} 发来的列表条目过多。</translation>
    </message>
    <message>
        <source>{endpoint} sent more data than announced (over {cap} bytes); the download was stopped.</source>
        <translation>{endpoint} 发来的数据超过了声明的大小（超过 {cap} 字节），已停止下载。</translation>
    </message>
    <message>
        <source>{endpoint} did not offer STARTTLS (STLS), so Hongyan did not log in: someone may be removing it from the connection (a downgrade attack). Use SSL/TLS (port 995) if the server supports it.</source>
        <translation>{endpoint} 没有提供 STARTTLS（STLS），因此鸿雁没有登录：可能有人从连接中去掉了它（降级攻击）。如果服务器支持，请使用 SSL/TLS（端口 995）。</translation>
    </message>
    <message>
        <source>{endpoint} refused to start TLS ({reply}), so Hongyan did not log in.</source>
        <translation>{endpoint} 拒绝启动 TLS（{reply}），因此鸿雁没有登录。</translation>
    </message>
    <message>
        <source>The user name or password contains a line break; nothing was sent.</source>
        <translation>用户名或密码中含有换行符，没有发送任何内容。</translation>
    </message>
    <message>
        <source>The connection to {endpoint} is not encrypted, so Hongyan did not send your password. Choose SSL/TLS or STARTTLS for this account.</source>
        <translation>与 {endpoint} 的连接没有加密，因此鸿雁没有发送你的密码。请为此账户选择 SSL/TLS 或 STARTTLS。</translation>
    </message>
    <message>
        <source>Logging in to {endpoint} failed: {error}.</source>
        <translation>登录 {endpoint} 失败：{error}。</translation>
    </message>
    <message>
        <source>{endpoint} refused the login for {username}: wrong password or user name ({reply}). Some providers (163, QQ, Gmail) need an app password or authorisation code instead of the web password.</source>
        <translation>{endpoint} 拒绝了 {username} 的登录：密码或用户名错误（{reply}）。有些服务商（163、QQ、Gmail）需要使用应用专用密码或授权码，而不是网页登录密码。</translation>
    </message>
    <message>
        <source>{endpoint} does not support APOP (no timestamp in greeting).</source>
        <translation>{endpoint} 不支持 APOP（问候语中没有时间戳）。</translation>
    </message>
    <message>
        <source>{endpoint} sent a bad UIDL line ({reply}).</source>
        <translation>{endpoint} 发来的 UIDL 行有误（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} refused LIST ({reply}).</source>
        <translation>{endpoint} 拒绝了 LIST 命令（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} sent a bad LIST line ({reply}).</source>
        <translation>{endpoint} 发来的 LIST 行有误（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} refused TOP ({reply}).</source>
        <translation>{endpoint} 拒绝了 TOP 命令（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} refused to send message {number} ({reply}).</source>
        <translation>{endpoint} 拒绝发送第 {number} 封邮件（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} refused to delete message {number} ({reply}).</source>
        <translation>{endpoint} 拒绝删除第 {number} 封邮件（{reply}）。</translation>
    </message>
    <message>
        <source>{endpoint} did not accept QUIT ({reply}); messages marked for deletion may still be on the server.</source>
        <translation>{endpoint} 没有接受 QUIT 命令（{reply}）；标记为删除的邮件可能仍在服务器上。</translation>
    </message>
    <message>
        <source>no TLS</source>
        <translation>无 TLS</translation>
    </message>
    <message>
        <source>POP3: logged in to {endpoint} as {user} ({how}); {count} message ({size:.1f} MB) on the server.</source>
        <translation>POP3：已以 {user} 身份登录 {endpoint}（{how}）；服务器上有 {count} 封邮件（{size:.1f} MB）。</translation>
    </message>
    <message>
        <source>POP3: logged in to {endpoint} as {user} ({how}); {count} messages ({size:.1f} MB) on the server.</source>
        <translation>POP3：已以 {user} 身份登录 {endpoint}（{how}）；服务器上有 {count} 封邮件（{size:.1f} MB）。</translation>
    </message>
    <message>
        <source>not an autoconfig file: {error}</source>
        <translation>不是自动配置文件：{error}</translation>
    </message>
    <message>
        <source>not an autoconfig file: no clientConfig/emailProvider</source>
        <translation>不是自动配置文件：没有 clientConfig/emailProvider</translation>
    </message>
    <message>
        <source>bad base64 in the server&apos;s SASL challenge</source>
        <translation>服务器的 SASL 质询中有错误的 base64</translation>
    </message>
    <message>
        <source>unexpected reply during SASL</source>
        <translation>SASL 过程中收到意外的回复</translation>
    </message>
    <message>
        <source>the server&apos;s SCRAM challenge is malformed</source>
        <translation>服务器的 SCRAM 质询格式错误</translation>
    </message>
    <message>
        <source>the server&apos;s SCRAM iteration count is out of range</source>
        <translation>服务器的 SCRAM 迭代次数超出范围</translation>
    </message>
    <message>
        <source>the server did not prove it knows the password (no SCRAM signature)</source>
        <translation>服务器没有证明它知道密码（没有 SCRAM 签名）</translation>
    </message>
    <message>
        <source>the server&apos;s SCRAM signature is wrong: it may not be your server</source>
        <translation>服务器的 SCRAM 签名不对：它可能不是你的服务器</translation>
    </message>
    <message>
        <source>warning: the password store you chose ({name}) does not encrypt.</source>
        <translation>警告：你选择的密码存储（{name}）不加密。</translation>
    </message>
    <message>
        <source>keyring offers only an unencrypted password file ({name}); Hongyan does not use it unless you choose it (PYTHON_KEYRING_BACKEND or keyringrc.cfg). Passwords are kept only until Hongyan quits.</source>
        <translation>密钥环只提供不加密的密码文件（{name}）；除非你选择它（PYTHON_KEYRING_BACKEND 或 keyringrc.cfg），鸿雁不会使用。密码只保留到鸿雁退出。</translation>
    </message>
    <message>
        <source>is empty.</source>
        <translation>为空。</translation>
    </message>
    <message>
        <source>The password command of the account &apos;{name}&apos; ({program}) {why}</source>
        <translation>账户“{name}”的密码命令（{program}）{why}</translation>
    </message>
    <message>
        <source>was not found.</source>
        <translation>未找到。</translation>
    </message>
    <message>
        <source>did not finish within {seconds:.0f} seconds.</source>
        <translation>在 {seconds:.0f} 秒内没有完成。</translation>
    </message>
    <message>
        <source>could not be started ({reason}).</source>
        <translation>无法启动（{reason}）。</translation>
    </message>
    <message>
        <source>failed with exit status {status}.</source>
        <translation>执行失败，退出状态为 {status}。</translation>
    </message>
    <message>
        <source>did not print UTF-8 text.</source>
        <translation>输出的不是 UTF-8 文本。</translation>
    </message>
    <message>
        <source>printed no password on its first line.</source>
        <translation>第一行没有输出密码。</translation>
    </message>
    <message>
        <source>The keyring is locked (or unlocking it was refused)</source>
        <translation>密钥环已锁定（或解锁被拒绝）</translation>
    </message>
    <message>
        <source>The keyring is locked and the prompt to unlock it was dismissed</source>
        <translation>密钥环已锁定，解锁提示被关闭了</translation>
    </message>
    <message>
        <source>No keyring is available on this system</source>
        <translation>此系统上没有可用的密钥环</translation>
    </message>
    <message>
        <source>The keyring failed ({kind}: {detail})</source>
        <translation>密钥环出错（{kind}：{detail}）</translation>
    </message>
    <message>
        <source>{problem}; Hongyan will ask for the password.</source>
        <translation>{problem}；鸿雁会询问密码。</translation>
    </message>
    <message>
        <source>{problem}; the password is kept only until Hongyan quits.</source>
        <translation>{problem}；密码只保留到鸿雁退出。</translation>
    </message>
    <message>
        <source>{problem}: the saved password of &apos;{account_name}&apos; ({kind}) could not be removed.</source>
        <translation>{problem}：无法删除“{account_name}”（{kind}）保存的密码。</translation>
    </message>
    <message>
        <source>{problem} Unlock the keyring and try again.</source>
        <translation>{problem}请解锁密钥环后重试。</translation>
    </message>
    <message>
        <source>No password is saved for {username} on {host} (account &apos;{name}&apos;).</source>
        <translation>没有保存 {username} 在 {host} 上的密码（账户“{name}”）。</translation>
    </message>
    <message>
        <source>setting &apos;{name}&apos; must be a {kind}, not {value!r}</source>
        <translation>设置“{name}”必须是 {kind}，而不是 {value!r}</translation>
    </message>
    <message>
        <source>setting &apos;{name}&apos; must be one of {allowed}, not {value!r}</source>
        <translation>设置“{name}”必须是 {allowed} 之一，而不是 {value!r}</translation>
    </message>
    <message>
        <source>{path} could not be read ({error}); defaults are used.</source>
        <translation>无法读取 {path}（{error}），使用默认设置。</translation>
    </message>
    <message>
        <source>{path} does not hold a JSON object; defaults are used.</source>
        <translation>{path} 中不是 JSON 对象，使用默认设置。</translation>
    </message>
    <message>
        <source>{path}: unknown setting &apos;{key}&apos; is ignored.</source>
        <translation>{path}：已忽略未知设置“{key}”。</translation>
    </message>
    <message>
        <source>{path}: {error}; the default is used.</source>
        <translation>{path}：{error}；使用默认值。</translation>
    </message>
    <message>
        <source>Sent to {addresses}.</source>
        <translation>已发送给 {addresses}。</translation>
    </message>
    <message>
        <source>{sent} The server refused {refused}; the message was not sent to them.</source>
        <translation>{sent}服务器拒绝了 {refused}；邮件没有发给他们。</translation>
    </message>
    <message>
        <source>{address} ({reason})</source>
        <translation>{address}（{reason}）</translation>
    </message>
    <message>
        <source>the server said: “{reply}”</source>
        <translation>服务器回复：“{reply}”</translation>
    </message>
    <message>
        <source>The message has no From address.</source>
        <translation>邮件没有发件人地址。</translation>
    </message>
    <message>
        <source>The message has no recipient.</source>
        <translation>邮件没有收件人。</translation>
    </message>
    <message>
        <source>Unknown security setting {security!r} for {where}.</source>
        <translation>{where} 的安全设置 {security!r} 无法识别。</translation>
    </message>
    <message>
        <source>No secure connection to {where} could be made ({reason}). Check the port and security settings; nothing was sent.</source>
        <translation>无法与 {where} 建立安全连接（{reason}）。请检查端口和安全设置；没有发送任何内容。</translation>
    </message>
    <message>
        <source>{where} refused the connection</source>
        <translation>{where} 拒绝了连接</translation>
    </message>
    <message>
        <source>Cannot reach {where} ({os_reason}). The message will be sent later.</source>
        <translation>无法连接到 {where}（{os_reason}）。邮件将稍后发送。</translation>
    </message>
    <message>
        <source>{where} did not offer STARTTLS; possible downgrade attack. Nothing was sent.</source>
        <translation>{where} 没有提供 STARTTLS，可能遭到降级攻击。没有发送任何内容。</translation>
    </message>
    <message>
        <source>{where} refused STARTTLS ({reply}); possible downgrade attack. Nothing was sent.</source>
        <translation>{where} 拒绝了 STARTTLS（{reply}），可能遭到降级攻击。没有发送任何内容。</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>没有及时响应</translation>
    </message>
    <message>
        <source>connection refused: the server is down or the port is wrong</source>
        <translation>连接被拒绝：服务器没有运行，或端口不对</translation>
    </message>
    <message>
        <source>the server name cannot be found</source>
        <translation>找不到服务器名</translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation>服务器关闭了连接</translation>
    </message>
    <message>
        <source>{what}: {said}. The message will be sent later.</source>
        <translation>{what}：{said}。邮件将稍后发送。</translation>
    </message>
    <message>
        <source>{what}: {said}.</source>
        <translation>{what}：{said}。</translation>
    </message>
    <message>
        <source>Hongyan will not send your password over an unencrypted connection. Choose SSL/TLS or STARTTLS in the account settings.</source>
        <translation>鸿雁不会通过未加密的连接发送你的密码。请在账户设置中选择 SSL/TLS 或 STARTTLS。</translation>
    </message>
    <message>
        <source>The server offers no login method Hongyan can use (PLAIN or LOGIN). Check whether this account needs to log in to send.</source>
        <translation>服务器没有提供鸿雁可用的登录方式（PLAIN 或 LOGIN）。请确认此账户发信时是否需要登录。</translation>
    </message>
    <message>
        <source>Login failed for now: {reply}.</source>
        <translation>暂时无法登录：{reply}。</translation>
    </message>
    <message>
        <source>The server refused the user name or password for {username} ({reply}).</source>
        <translation>服务器拒绝了 {username} 的用户名或密码（{reply}）。</translation>
    </message>
    <message>
        <source>The connection was lost while logging in ({os_reason}).</source>
        <translation>登录时连接断开（{os_reason}）。</translation>
    </message>
    <message>
        <source>The message is {size:.1f} MB; the server accepts at most {limit:.1f} MB. Remove or shrink some attachments.</source>
        <translation>邮件大小为 {size:.1f} MB，服务器最多接受 {limit:.1f} MB。请删除或压缩部分附件。</translation>
    </message>
    <message>
        <source>The server cannot take this message (it needs 8BITMIME).</source>
        <translation>服务器无法接收这封邮件（需要 8BITMIME）。</translation>
    </message>
    <message>
        <source>The server does not accept addresses with non-ASCII characters (SMTPUTF8).</source>
        <translation>服务器不接受含有非 ASCII 字符的地址（SMTPUTF8）。</translation>
    </message>
    <message>
        <source>The server refused every recipient for now: {listing}.</source>
        <translation>服务器暂时拒绝了所有收件人：{listing}。</translation>
    </message>
    <message>
        <source>The server refused every recipient: {listing}.</source>
        <translation>服务器拒绝了所有收件人：{listing}。</translation>
    </message>
    <message>
        <source>The server stopped the message before its end</source>
        <translation>服务器在邮件结束之前中止了接收</translation>
    </message>
    <message>
        <source>The server would not take the message</source>
        <translation>服务器不接收这封邮件</translation>
    </message>
    <message>
        <source>The connection was lost after the whole message was sent ({os_reason}): the server may have received it. Check with a recipient before sending it again; a resend keeps the same Message-ID.</source>
        <translation>整封邮件发出后连接断开（{os_reason}）：服务器可能已经收到。重新发送前请先向收件人核实；重新发送会保留同一个 Message-ID。</translation>
    </message>
    <message>
        <source>The server did not accept the message</source>
        <translation>服务器没有接受这封邮件</translation>
    </message>
    <message>
        <source>The server refused the sender {sender}</source>
        <translation>服务器拒绝了发件人 {sender}</translation>
    </message>
    <message>
        <source>The connection to {host} was lost before the message was complete ({os_reason}). Nothing was delivered; it will be sent later.</source>
        <translation>邮件发完之前与 {host} 的连接断开（{os_reason}）。邮件没有送达，将稍后发送。</translation>
    </message>
    <message>
        <source>No SMTP password is known for the account &apos;{name}&apos;. Enter it in the account&apos;s properties (Tools → Accounts).</source>
        <translation>不知道账户“{name}”的 SMTP 密码。请在账户属性中输入（工具 → 账户）。</translation>
    </message>
    <message>
        <source>SMTP {endpoint}: connected over {version}</source>
        <translation>SMTP {endpoint}：已通过 {version} 连接</translation>
    </message>
    <message>
        <source>SMTP {endpoint}: connected without encryption</source>
        <translation>SMTP {endpoint}：已连接，未加密</translation>
    </message>
    <message>
        <source>{report} and logged in as {user}</source>
        <translation>{report}，并已以 {user} 身份登录</translation>
    </message>
    <message>
        <source>{report} (messages up to {size:.0f} MB)</source>
        <translation>{report}（邮件最大 {size:.0f} MB）</translation>
    </message>
    <message>
        <source>{report}.</source>
        <translation>{report}。</translation>
    </message>
    <message>
        <source>{earlier}; {next}</source>
        <extracomment>The translation context of every core message.</extracomment>
        <translation>{earlier}；{next}</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint {sha256}; issued to {subject} by {issuer}; valid from {start} to {end} UTC</source>
        <translation>SHA-256 指纹 {sha256}；由 {issuer} 颁发给 {subject}；有效期为 UTC {start} 至 {end}</translation>
    </message>
    <message>
        <source>The security certificate of {endpoint} {what}. Hongyan did not log in, so your password was not sent. Someone may be intercepting the connection.</source>
        <translation>{endpoint} 的安全证书{what}。鸿雁没有登录，所以没有发送你的密码。可能有人在截取连接。</translation>
    </message>
    <message>
        <source>The security certificate of {endpoint} {what}. Hongyan did not log in, so your password was not sent. Someone may be intercepting the connection. If you are sure this is your server, you can accept exactly this certificate for this account: {certificate}.</source>
        <translation>{endpoint} 的安全证书{what}。鸿雁没有登录，所以没有发送你的密码。可能有人在截取连接。如果你确定这是你的服务器，可以为此账户接受这份证书：{certificate}。</translation>
    </message>
    <message>
        <source>has expired (it was valid until {date})</source>
        <translation>已过期（有效期至 {date}）</translation>
    </message>
    <message>
        <source>has expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <source>is not valid yet (it becomes valid on {date})</source>
        <translation>尚未生效（{date} 起生效）</translation>
    </message>
    <message>
        <source>is not valid yet</source>
        <translation>尚未生效</translation>
    </message>
    <message>
        <source>was issued for another server ({names})</source>
        <translation>是颁发给另一个服务器的（{names}）</translation>
    </message>
    <message>
        <source>was issued for another server</source>
        <translation>是颁发给另一个服务器的</translation>
    </message>
    <message>
        <source>was issued by an authority this computer does not trust ({issuer})</source>
        <translation>由这台电脑不信任的机构颁发（{issuer}）</translation>
    </message>
    <message>
        <source>was issued by an authority this computer does not trust</source>
        <translation>由这台电脑不信任的机构颁发</translation>
    </message>
    <message>
        <source>is not the one you accepted for this account</source>
        <translation>不是你为此账户接受的那份证书</translation>
    </message>
    <message>
        <source>could not be verified ({detail})</source>
        <translation>无法验证（{detail}）</translation>
    </message>
    <message>
        <source>unknown problem</source>
        <translation>未知问题</translation>
    </message>
    <message>
        <source>The file is not a PEM certificate (no BEGIN CERTIFICATE line).</source>
        <translation>该文件不是 PEM 证书（没有 BEGIN CERTIFICATE 行）。</translation>
    </message>
    <message>
        <source>The certificate file cannot be used: {error}.</source>
        <translation>无法使用该证书文件：{error}。</translation>
    </message>
    <message>
        <source>the server did not answer with TLS (is this the port for this security setting?)</source>
        <translation>服务器没有用 TLS 应答（这个端口与安全设置相符吗？）</translation>
    </message>
    <message>
        <source>the server offers only TLS versions older than 1.2, which are not safe</source>
        <translation>服务器只提供低于 1.2 的 TLS 版本，这些版本不安全</translation>
    </message>
    <message>
        <source>the secure handshake failed ({reason})</source>
        <translation>安全握手失败（{reason}）</translation>
    </message>
    <message>
        <source>No secure connection to {endpoint}: {why}. Hongyan did not log in.</source>
        <translation>无法与 {endpoint} 建立安全连接：{why}。鸿雁没有登录。</translation>
    </message>
    <message>
        <source>pinned certificates are checked only on socket connections</source>
        <translation>固定的证书只能在套接字连接上检查</translation>
    </message>
    <message>
        <source>the server speaks neither POP3 nor SMTP</source>
        <translation>服务器使用的既不是 POP3 也不是 SMTP</translation>
    </message>
    <message>
        <source>the server refused to start TLS</source>
        <translation>服务器拒绝启动 TLS</translation>
    </message>
    <message>
        <source>this server is set up without TLS, so it shows no certificate</source>
        <translation>此服务器设置为不使用 TLS，因此没有证书</translation>
    </message>
    <message>
        <source>the server sent no certificate</source>
        <translation>服务器没有发送证书</translation>
    </message>
    <message>
        <source>Could not read the certificate of {endpoint}: {error}.</source>
        <translation>无法读取 {endpoint} 的证书：{error}。</translation>
    </message>
    <message>
        <source>&apos;{old}&apos; cannot be moved into its own subfolder.</source>
        <translation>“{old}”不能移到它自己的子文件夹中。</translation>
    </message>
    <message>
        <source>Only Trash and Junk can be emptied, not &apos;{folder}&apos;.</source>
        <translation>只能清空“已删除邮件”和“垃圾邮件”，不能清空“{folder}”。</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; is a special folder and cannot be renamed.</source>
        <translation>“{folder}”是特殊文件夹，不能重命名。</translation>
    </message>
    <message>
        <source>&apos;{folder}&apos; is a special folder and cannot be deleted.</source>
        <translation>“{folder}”是特殊文件夹，不能删除。</translation>
    </message>
    <message>
        <source>There is no folder &apos;{folder}&apos; in the mail store.</source>
        <translation>邮件存储中没有文件夹“{folder}”。</translation>
    </message>
    <message>
        <source>There is a folder &apos;{folder}&apos; already.</source>
        <translation>已有文件夹“{folder}”。</translation>
    </message>
    <message>
        <source>Could not change a message file: {reason}.</source>
        <translation>无法修改邮件文件：{reason}。</translation>
    </message>
    <message>
        <source>There is no message {message_id} in the mail store.</source>
        <translation>邮件存储中没有邮件 {message_id}。</translation>
    </message>
    <message>
        <source>Message {message_id} is no longer in the mail store (another program removed its file). Reopen the store to refresh the list.</source>
        <translation>邮件 {message_id} 已不在邮件存储中（另一个程序删除了它的文件）。请重新打开存储以刷新列表。</translation>
    </message>
    <message>
        <source>{path} does not exist.</source>
        <translation>{path} 不存在。</translation>
    </message>
    <message>
        <source>{path} holds no .eml files to import.</source>
        <translation>{path} 中没有可导入的 .eml 文件。</translation>
    </message>
    <message>
        <source>{path} holds no messages to import.</source>
        <translation>{path} 中没有可导入的邮件。</translation>
    </message>
    <message>
        <source>{path} is not an email message or an mbox file: it does not begin with message headers. Hongyan imports .eml and mbox files and Maildir folders.</source>
        <translation>{path} 不是邮件或 mbox 文件：它不以邮件头开头。鸿雁可导入 .eml、mbox 文件和 Maildir 文件夹。</translation>
    </message>
    <message>
        <source>Could not read {path}: {reason}.</source>
        <translation>无法读取 {path}：{reason}。</translation>
    </message>
    <message>
        <source>{path} is larger than {size} MB; is it a contacts file?</source>
        <translation>{path} 大于 {size} MB，确定是联系人文件吗？</translation>
    </message>
    <message>
        <source>Could not write {path}: {reason}.</source>
        <translation>无法写入 {path}：{reason}。</translation>
    </message>
    <message>
        <source>Could not write {target}: {reason}.</source>
        <translation>无法写入 {target}：{reason}。</translation>
    </message>
    <message>
        <source>{target} already exists; it was left as it is.</source>
        <translation>{target} 已存在，未做改动。</translation>
    </message>
    <message>
        <source>The mail index {path} cannot be opened: {error}.</source>
        <extracomment>Marks an index replaced by a rebuild (see rebuild.py): a connection that finds it on the file it opened was too late for that file and opens the path again. Appended to every column of ``messages_fts``: every one- or two-character string of the text, even at the very end of a column, is then the start of a trigram (see search.py). Queries are stripped of spaces, so the terminator itself can never be what matches.</extracomment>
        <translation>无法打开邮件索引 {path}：{error}。</translation>
    </message>
    <message>
        <source>This mail store was last used by a newer Hongyan. Update Hongyan to open it.</source>
        <translation>这个邮件存储上次由更新版本的鸿雁使用过。请升级鸿雁后再打开。</translation>
    </message>
    <message>
        <source>A folder needs a name.</source>
        <translation>文件夹需要一个名称。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; cannot be a folder name: use &apos;/&apos; between levels and no &apos;.&apos; or &apos;\&apos;.</source>
        <translation>“{name}”不能用作文件夹名：层级之间请用“/”，不能使用“.”或“\”。</translation>
    </message>
    <message>
        <source>The disk holding the mail store ({root}) is full. Free some space.</source>
        <translation>邮件存储（{root}）所在的磁盘已满。请腾出一些空间。</translation>
    </message>
    <message>
        <source>The mail store ({root}) cannot be written: {reason}.</source>
        <translation>无法写入邮件存储（{root}）：{reason}。</translation>
    </message>
    <message>
        <source>Could not write into the mail store ({root}): {reason}.</source>
        <translation>无法写入邮件存储（{root}）：{reason}。</translation>
    </message>
    <message>
        <source>There is no mail store at {root}.</source>
        <translation>{root} 处没有邮件存储。</translation>
    </message>
    <message>
        <source>{root} is a file, not a mail store folder.</source>
        <translation>{root} 是一个文件，不是邮件存储文件夹。</translation>
    </message>
    <message>
        <source>{root} is not a mail store (it has no Maildir cur/ and new/ folders and no {index}).</source>
        <translation>{root} 不是邮件存储（其中没有 Maildir 的 cur/ 和 new/ 文件夹，也没有 {index}）。</translation>
    </message>
    <message>
        <source>The index rebuild was cancelled; the old index is still in use.</source>
        <translation>索引重建已取消，仍在使用原来的索引。</translation>
    </message>
    <message>
        <source>The index of this mail store is already being rebuilt.</source>
        <translation>这个邮件存储的索引已经在重建中。</translation>
    </message>
    <message>
        <source>The rebuilt index is gone (another program removed it); the old index is still in use. Rebuild again.</source>
        <translation>重建好的索引不见了（另一个程序删除了它），仍在使用原来的索引。请重新重建。</translation>
    </message>
    <message>
        <source>Another Hongyan window or command is using the mail store, so the rebuilt index could not be put in place. Close it and rebuild again; the old index is still in use.</source>
        <translation>另一个鸿雁窗口或命令正在使用邮件存储，所以无法换上重建好的索引。请关闭它后重新重建；仍在使用原来的索引。</translation>
    </message>
    <message>
        <source>The move was cancelled; the partial copy was removed and your mail is still at {source}.</source>
        <translation>移动已取消；已删除未完成的副本，你的邮件仍在 {source}。</translation>
    </message>
    <message>
        <source>There is no mail store at {source} to move.</source>
        <translation>{source} 处没有可移动的邮件存储。</translation>
    </message>
    <message>
        <source>{dest} is inside the mail store or contains it; choose another.</source>
        <translation>{dest} 位于邮件存储内部或包含邮件存储，请另选一个位置。</translation>
    </message>
    <message>
        <source>{dest} already holds a Hongyan mail store. To use that one instead, run: hongyan store open {dest}</source>
        <translation>{dest} 中已经有一个鸿雁邮件存储。如果要改用那一个，请运行：hongyan store open {dest}</translation>
    </message>
    <message>
        <source>{dest} is not empty; choose a new or empty folder.</source>
        <translation>{dest} 不是空的，请选择一个新的或空的文件夹。</translation>
    </message>
    <message>
        <source>There is not enough space at {dest}: the mail needs {needed} MB, {free} MB are free. Your mail is still at {source}.</source>
        <translation>{dest} 的空间不足：邮件需要 {needed} MB，只有 {free} MB 可用。你的邮件仍在 {source}。</translation>
    </message>
    <message>
        <source>The copy at {staging} has {landed} files instead of {copied}; it was removed and your mail is still where it was.</source>
        <translation>{staging} 处的副本有 {landed} 个文件，而应有 {copied} 个；副本已删除，你的邮件仍在原处。</translation>
    </message>
    <message>
        <source>{relpath} did not copy correctly; the copy was removed and your mail is still where it was.</source>
        <translation>{relpath} 没有正确复制；副本已删除，你的邮件仍在原处。</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>that disk is read-only</source>
        <translation>该磁盘是只读的</translation>
    </message>
    <message>
        <source>permission was denied</source>
        <translation>权限被拒绝</translation>
    </message>
    <message>
        <source>Could not move the mail store to {dest}: {reason}. Nothing was changed: your mail is still at {source} and in use.</source>
        <translation>无法把邮件存储移动到 {dest}：{reason}。没有做任何更改：你的邮件仍在 {source}，并且仍在使用中。</translation>
    </message>
    <message>
        <source>The search has an unclosed quote: {query}</source>
        <translation>搜索内容中有未闭合的引号：{query}</translation>
    </message>
    <message>
        <source>Give something to search for, e.g. {word} or {field}.</source>
        <translation>请输入要搜索的内容，例如 {word} 或 {field}。</translation>
    </message>
    <message>
        <source>Unknown {term}; use {known}.</source>
        <translation>无法识别 {term}，请使用 {known}。</translation>
    </message>
    <message>
        <source>{term} is not a date; write {example}.</source>
        <translation>{term} 不是日期，请写成 {example}。</translation>
    </message>
    <message>
        <source>{term} is not a date ({error}).</source>
        <translation>{term} 不是日期（{error}）。</translation>
    </message>
    <message>
        <source>{endpoint} gave UIDL and LIST for different messages.</source>
        <translation>{endpoint} 的 UIDL 和 LIST 列出的邮件不一致。</translation>
    </message>
    <message>
        <source>stopped after {count} damaged messages; the rest comes next time</source>
        <translation>遇到 {count} 封损坏的邮件后停止；其余的下次收取</translation>
    </message>
    <message>
        <source>the server does not support UIDL: messages are recognised by Message-ID, Date and size, and none is removed from the server</source>
        <translation>服务器不支持 UIDL：按 Message-ID、日期和大小识别邮件，并且不会从服务器删除任何邮件</translation>
    </message>
    <message>
        <source>the server lists some messages under the same UIDL: all are downloaded, none of them is removed from the server</source>
        <translation>服务器把几封邮件列在同一个 UIDL 下：全部下载，但都不会从服务器删除</translation>
    </message>
    <message>
        <source>{count} message(s) on the server carry the UIDL of another message recorded earlier (the server&apos;s UIDL list was reset): taken as new mail</source>
        <translation>服务器上有 {count} 封邮件使用了以前另一封邮件的 UIDL（服务器的 UIDL 列表被重置过）：已按新邮件收取</translation>
    </message>
    <message>
        <source>rebuilt the record of {count} message(s) already in the store</source>
        <translation>已重建存储中已有的 {count} 封邮件的记录</translation>
    </message>
    <message>
        <source>the server would not show the headers of {count} message(s), so they could not be checked and stay on the server</source>
        <translation>服务器不提供 {count} 封邮件的邮件头，无法核对，这些邮件留在服务器上</translation>
    </message>
    <message>
        <source>message {number} was {actual} bytes, but the server announced {listed}: kept, and not removed from the server</source>
        <translation>第 {number} 封邮件有 {actual} 字节，但服务器声明的是 {listed}：已保留，并且不会从服务器删除</translation>
    </message>
    <message>
        <source>another Hongyan is fetching this account right now</source>
        <translation>另一个鸿雁正在接收此账户的邮件</translation>
    </message>
    <message>
        <source>The mail store {root} is read-only (a read-only disk or folder): no mail was fetched, and nothing was removed from the server.</source>
        <translation>邮件存储 {root} 是只读的（只读磁盘或文件夹）：没有收取邮件，也没有从服务器删除任何邮件。</translation>
    </message>
    <message>
        <source>The mail index in {root} cannot be written ({error}).</source>
        <translation>无法写入 {root} 中的邮件索引（{error}）。</translation>
    </message>
    <message>
        <source>no password was given</source>
        <translation>没有提供密码</translation>
    </message>
    <message>
        <source>This message was downloaded completely already.</source>
        <translation>这封邮件已经完整下载过了。</translation>
    </message>
    <message>
        <source>The server {endpoint} no longer has this message; only its headers are kept.</source>
        <translation>服务器 {endpoint} 上已经没有这封邮件，只保留了它的邮件头。</translation>
    </message>
    <message>
        <source>Add an account before replying: there is no address to reply from.</source>
        <translation>回复前请先添加账户：没有可用来回复的地址。</translation>
    </message>
    <message>
        <source>Add an account first: Tools → Accounts → Add.</source>
        <translation>请先添加账户：工具 → 账户 → 添加。</translation>
    </message>
    <message>
        <source>The account &apos;{name}&apos; of this message no longer exists.</source>
        <translation>这封邮件的账户“{name}”已不存在。</translation>
    </message>
    <message>
        <source>{folder} is not a folder private to you, so Hongyan cannot use it safely. Remove it and start Hongyan again.</source>
        <translation>{folder} 不是只属于你的私有文件夹，鸿雁无法安全地使用它。请删除它，然后重新启动鸿雁。</translation>
    </message>
    <message>
        <source>Another Hongyan is starting and did not finish; try again.</source>
        <translation>另一个鸿雁正在启动，尚未完成，请再试一次。</translation>
    </message>
    <message>
        <source>Hongyan could not listen for other launches: {reason}.</source>
        <translation>鸿雁无法监听其他启动请求：{reason}。</translation>
    </message>
    <message>
        <source>The running Hongyan refused the request: {text}</source>
        <translation>正在运行的鸿雁拒绝了该请求：{text}</translation>
    </message>
    <message>
        <source>Hongyan is running but did not answer. Wait a moment and try again, or quit it and start it again.</source>
        <translation>鸿雁正在运行，但没有响应。请稍候再试，或退出后重新启动。</translation>
    </message>
    <message>
        <source>Getting mail for {account} stopped unexpectedly (the helper process ended with code {code}). Messages already received are kept; try again.</source>
        <translation>接收 {account} 的邮件时意外中止（辅助进程以代码 {code} 结束）。已收到的邮件都已保留，请再试一次。</translation>
    </message>
    <message>
        <source>{program} was already the default</source>
        <translation>{program} 原本就是默认程序</translation>
    </message>
    <message>
        <source>you chose {program} since; your choice was kept</source>
        <translation>你之后选择了 {program}；已保留你的选择</translation>
    </message>
    <message>
        <source>was {program}</source>
        <translation>原为 {program}</translation>
    </message>
    <message>
        <source>now {program}, as you chose</source>
        <translation>现为你选择的 {program}</translation>
    </message>
    <message>
        <source>{program} is the default again</source>
        <translation>{program} 重新成为默认程序</translation>
    </message>
    <message>
        <source>the default is now {program}</source>
        <translation>默认程序现为 {program}</translation>
    </message>
    <message>
        <source>A line of the header is not a header field and was left out: “{line}”.</source>
        <extracomment>Header fields kept per part; a hundred thousand Received lines are dropped after these. Bytes of a top-level header block read as they are; a larger one has its lines cut. Multipart containers (nesting and siblings together) kept; the rest is left unparsed.</extracomment>
        <translation>邮件头中有一行不是邮件头字段，已略去：“{line}”。</translation>
    </message>
    <message>
        <source>{count} lines of the header are not header fields and were left out; the first: “{line}”.</source>
        <translation>邮件头中有 {count} 行不是邮件头字段，已略去；第一行：“{line}”。</translation>
    </message>
    <message>
        <source>This message has {count} header fields; only the first {limit} and those a reader needs were read.</source>
        <translation>此邮件有 {count} 个邮件头字段；只读取了前 {limit} 个和阅读所需的字段。</translation>
    </message>
    <message>
        <source>Header fields longer than {size} KB were cut at that length.</source>
        <translation>超过 {size} KB 的邮件头字段已在该长度处截断。</translation>
    </message>
    <message>
        <source>This message has more than {limit} multipart containers; the rest are not shown.</source>
        <translation>此邮件的多部分容器超过 {limit} 个；其余部分未显示。</translation>
    </message>
    <message>
        <source>This message has more than {limit} MIME parts; the rest are not shown.</source>
        <translation>此邮件的 MIME 部分超过 {limit} 个；其余部分未显示。</translation>
    </message>
    <message>
        <source>This message could not be read as MIME; it is shown as plain text.</source>
        <extracomment>Levels of attached messages sent in base64 that are decoded and parsed. Such attached messages decoded per level (each is smaller than the message holding it). The note of a message the parser gave up on (shown as its raw text).</extracomment>
        <translation>无法按 MIME 格式读取此邮件；以纯文本显示。</translation>
    </message>
    <message>
        <source>no automatic replies: the template “{template}” chosen for them no longer exists</source>
        <translation>未发送自动回复：所选模板“{template}”已不存在</translation>
    </message>
    <message>
        <source>an automatic reply could not be written: {error}</source>
        <translation>无法生成自动回复：{error}</translation>
    </message>
    <message>
        <source>no automatic replies: the template “{template}” has placeholders Hongyan does not know ({tokens})</source>
        <translation>未发送自动回复：模板“{template}”含有鸿雁无法识别的占位符（{tokens}）</translation>
    </message>
    <message>
        <source>automatic replies were not written: {error}</source>
        <translation>未生成自动回复：{error}</translation>
    </message>
    <message>
        <source>{path} cannot be read ({error}); it was left as it is.</source>
        <translation>无法读取 {path}（{error}），已保持原样。</translation>
    </message>
    <message>
        <source>A quick text needs some text.</source>
        <translation>常用语不能为空。</translation>
    </message>
    <message>
        <source>A quick text titled “{title}” exists already.</source>
        <translation>已有标题为“{title}”的常用语。</translation>
    </message>
    <message>
        <source>There is no quick text titled “{title}”.</source>
        <translation>没有标题为“{title}”的常用语。</translation>
    </message>
    <message>
        <source>{path} cannot be read (each quick text needs a title and a text); it was left as it is.</source>
        <translation>无法读取 {path}（每条常用语都需要标题和内容），已保持原样。</translation>
    </message>
    <message>
        <source>A quick text needs a title.</source>
        <translation>常用语需要标题。</translation>
    </message>
    <message>
        <source>A quick text title can have at most {limit} characters.</source>
        <translation>常用语标题最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>{count} minutes</source>
        <translation>{count} 分钟</translation>
    </message>
    <message>
        <source>{count} hours</source>
        <translation>{count} 小时</translation>
    </message>
    <message>
        <source>{count} days</source>
        <translation>{count} 天</translation>
    </message>
    <message>
        <source>A template needs a name.</source>
        <translation>模板需要名称。</translation>
    </message>
    <message>
        <source>A template name cannot hold line breaks or control characters.</source>
        <translation>模板名称不能包含换行符或控制字符。</translation>
    </message>
    <message>
        <source>A template name can have at most {limit} characters.</source>
        <translation>模板名称最多 {limit} 个字符。</translation>
    </message>
    <message>
        <source>The template “{name}” cannot be read: {error}</source>
        <translation>无法读取模板“{name}”：{error}</translation>
    </message>
    <message>
        <source>There is no template named “{name}”.</source>
        <translation>没有名为“{name}”的模板。</translation>
    </message>
    <message>
        <source>There is no template named “{name}” (templates: {known}).</source>
        <translation>没有名为“{name}”的模板（现有模板：{known}）。</translation>
    </message>
    <message>
        <source>A template named “{name}” exists already.</source>
        <translation>已有名为“{name}”的模板。</translation>
    </message>
    <message>
        <source>Recipient&apos;s name</source>
        <translation>收件人姓名</translation>
    </message>
    <message>
        <source>Recipient&apos;s family name with Mr or Ms (王先生)</source>
        <translation>收件人尊称（王先生/王女士）</translation>
    </message>
    <message>
        <source>Recipient&apos;s company</source>
        <translation>收件人公司</translation>
    </message>
    <message>
        <source>Recipient&apos;s email address</source>
        <translation>收件人邮箱地址</translation>
    </message>
    <message>
        <source>My name</source>
        <translation>我的姓名</translation>
    </message>
    <message>
        <source>My signature</source>
        <translation>我的签名</translation>
    </message>
    <message>
        <source>My email address</source>
        <translation>我的邮箱地址</translation>
    </message>
    <message>
        <source>My company</source>
        <translation>我的公司</translation>
    </message>
    <message>
        <source>Today&apos;s date</source>
        <translation>今天的日期</translation>
    </message>
    <message>
        <source>Subject of the original message</source>
        <translation>原邮件主题</translation>
    </message>
    <message>
        <source>it has a line longer than {limit}, which Hongyan does not accept (damaged or unusual mail); read it in your provider&apos;s webmail</source>
        <translation>其中有一行超过 {limit}，鸿雁不接收（邮件损坏或格式异常）；请在邮箱的网页版中阅读</translation>
    </message>
    <message>
        <source>the server sent much more than the {listed} bytes it announced; the copy on the server may be damaged</source>
        <translation>服务器发送的数据远多于它声明的 {listed} 字节；服务器上的这封邮件可能已损坏</translation>
    </message>
    <message>
        <source>larger than this account&apos;s size limit ({limit})</source>
        <translation>超过此账户的大小上限（{limit}）</translation>
    </message>
    <message>
        <source>There is no contact {id}. See: hongyan contact list</source>
        <translation>没有联系人 {id}。请查看：hongyan contact list</translation>
    </message>
    <message>
        <source>Several contacts have an id starting with {id}.</source>
        <translation>有多个联系人的编号以 {id} 开头。</translation>
    </message>
    <message>
        <source>{source} has no column Hongyan knows (a name or an e-mail address); its first line is: {header}</source>
        <translation>{source} 中没有鸿雁能识别的列（姓名或电子邮件地址）；其第一行是：{header}</translation>
    </message>
    <message>
        <source>No contact, company or address matches {text}. Give a contact id (hongyan contact list), an address or a domain.</source>
        <translation>没有与 {text} 相符的联系人、公司或地址。请给出联系人编号（hongyan contact list）、地址或域名。</translation>
    </message>
    <message>
        <source>No contact with an address matches {term}. See: hongyan contact list</source>
        <translation>没有带地址的联系人与 {term} 相符。请查看：hongyan contact list</translation>
    </message>
    <message>
        <source>{source} is not a readable vCard file ({error}).</source>
        <translation>{source} 不是可读取的 vCard 文件（{error}）。</translation>
    </message>
    <message>
        <source>{source} holds no contact: it has no vCard in it.</source>
        <translation>{source} 中没有联系人：其中没有 vCard 名片。</translation>
    </message>
    <message>
        <source>a rule must be an object</source>
        <translation>规则必须是一个对象</translation>
    </message>
    <message>
        <source>a rule needs a name</source>
        <translation>规则需要名称</translation>
    </message>
    <message>
        <source>&apos;match&apos; must be &quot;all&quot; or &quot;any&quot;</source>
        <translation>“match”必须是“all”或“any”</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be true or false</source>
        <translation>“{key}”必须是 true 或 false</translation>
    </message>
    <message>
        <source>a rule needs at least one condition</source>
        <translation>规则至少需要一个条件</translation>
    </message>
    <message>
        <source>a rule needs at least one action</source>
        <translation>规则至少需要一个操作</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be a list</source>
        <translation>“{key}”必须是列表</translation>
    </message>
    <message>
        <source>unknown condition {condition}</source>
        <translation>未知条件 {condition}</translation>
    </message>
    <message>
        <source>the size of &apos;{field}&apos; must be a whole number of KB</source>
        <translation>“{field}”的大小必须是整数 KB</translation>
    </message>
    <message>
        <source>the condition &apos;{field}&apos; needs a text</source>
        <translation>条件“{field}”需要文字</translation>
    </message>
    <message>
        <source>the condition &apos;header&apos; needs a header name</source>
        <translation>条件“header”需要邮件头名称</translation>
    </message>
    <message>
        <source>unknown action {action}</source>
        <translation>未知操作 {action}</translation>
    </message>
    <message>
        <source>the action &apos;{action}&apos; needs a folder</source>
        <translation>操作“{action}”需要文件夹</translation>
    </message>
    <message>
        <source>the action &apos;tag&apos; needs a tag</source>
        <translation>操作“tag”需要标签</translation>
    </message>
    <message>
        <source>the action &apos;forward&apos; needs an address</source>
        <translation>操作“forward”需要地址</translation>
    </message>
    <message>
        <source>forward to one address, not &apos;{to}&apos;</source>
        <translation>只能转发到一个地址，而不是“{to}”</translation>
    </message>
    <message>
        <source>from contains “{value}”</source>
        <translation>发件人包含“{value}”</translation>
    </message>
    <message>
        <source>to or cc contains “{value}”</source>
        <translation>收件人或抄送包含“{value}”</translation>
    </message>
    <message>
        <source>subject contains “{value}”</source>
        <translation>主题包含“{value}”</translation>
    </message>
    <message>
        <source>body contains “{value}”</source>
        <translation>正文包含“{value}”</translation>
    </message>
    <message>
        <source>sender&apos;s domain is {value}</source>
        <translation>发件人域名为 {value}</translation>
    </message>
    <message>
        <source>account is {value}</source>
        <translation>账户为 {value}</translation>
    </message>
    <message>
        <source>sender is in the contact group “{value}”</source>
        <translation>发件人在联系人组“{value}”中</translation>
    </message>
    <message>
        <source>larger than {value} KB</source>
        <translation>大于 {value} KB</translation>
    </message>
    <message>
        <source>smaller than {value} KB</source>
        <translation>小于 {value} KB</translation>
    </message>
    <message>
        <source>has an attachment</source>
        <translation>带附件</translation>
    </message>
    <message>
        <source>sender is in the address book</source>
        <translation>发件人在地址簿中</translation>
    </message>
    <message>
        <source>header {header} contains “{value}”</source>
        <translation>邮件头 {header} 包含“{value}”</translation>
    </message>
    <message>
        <source>move to {folder}</source>
        <translation>移动到 {folder}</translation>
    </message>
    <message>
        <source>copy to {folder}</source>
        <translation>复制到 {folder}</translation>
    </message>
    <message>
        <source>mark as read</source>
        <translation>标记为已读</translation>
    </message>
    <message>
        <source>flag</source>
        <translation>加旗标</translation>
    </message>
    <message>
        <source>tag “{tag}”</source>
        <translation>加标签“{tag}”</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>forward to {to}</source>
        <translation>转发给 {to}</translation>
    </message>
    <message>
        <source>The rules file {path} cannot be read ({reason}); no rule runs.</source>
        <translation>无法读取规则文件 {path}（{reason}），所有规则均未运行。</translation>
    </message>
    <message>
        <source>The rules file {path} is not valid JSON ({reason}); no rule runs.</source>
        <translation>规则文件 {path} 不是有效的 JSON（{reason}），所有规则均未运行。</translation>
    </message>
    <message>
        <source>The rules file {path} has no list of &quot;rules&quot;; no rule runs.</source>
        <translation>规则文件 {path} 中没有“rules”列表，所有规则均未运行。</translation>
    </message>
    <message>
        <source>The rules file {path} was written by a newer Hongyan (format {version}); no rule runs until Hongyan is updated.</source>
        <translation>规则文件 {path} 由更新版本的鸿雁写入（格式 {version}），升级鸿雁之前所有规则均不运行。</translation>
    </message>
    <message>
        <source>another rule before it has the name &apos;{name}&apos;</source>
        <translation>前面已有名为“{name}”的规则</translation>
    </message>
    <message>
        <source>{path}: rule {position} is ignored: {reason}.</source>
        <translation>{path}：已忽略第 {position} 条规则：{reason}。</translation>
    </message>
    <message>
        <source>There is no rule called &apos;{name}&apos;.</source>
        <translation>没有名为“{name}”的规则。</translation>
    </message>
    <message>
        <source>There is a rule called &apos;{name}&apos; already.</source>
        <translation>已有名为“{name}”的规则。</translation>
    </message>
    <message>
        <source>The rules file {path} cannot be read, so it is not changed: fix or remove it first.</source>
        <translation>无法读取规则文件 {path}，因此不会修改它：请先修正或删除该文件。</translation>
    </message>
    <message>
        <source>The rules were changed by another Hongyan meanwhile; try again.</source>
        <translation>规则刚被另一个鸿雁修改，请重试。</translation>
    </message>
    <message>
        <source>Could not save the rules in {path}: {reason}.</source>
        <translation>无法将规则保存到 {path}：{reason}。</translation>
    </message>
    <message>
        <source>the rules could not run ({reason}); they run again at the next fetch</source>
        <translation>规则未能运行（{reason}），将在下次收信时再次运行</translation>
    </message>
    <message>
        <source>Tag “{tag}” not set: {reason}</source>
        <translation>未设置标签“{tag}”：{reason}</translation>
    </message>
    <message>
        <source>tags are not supported yet</source>
        <translation>暂不支持标签</translation>
    </message>
    <message>
        <source>Rule “{rule}”: there is no folder &apos;{folder}&apos;; the messages stay where they are.</source>
        <translation>规则“{rule}”：没有文件夹“{folder}”，邮件保留在原处。</translation>
    </message>
    <message>
        <source>no account to send from</source>
        <translation>没有可用来发送的账户</translation>
    </message>
    <message>
        <source>Could not forward “{subject}” to {to}: {reason}</source>
        <translation>无法将“{subject}”转发给 {to}：{reason}</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Congratulations</source>
        <translation>设置完成</translation>
    </message>
    <message>
        <source>Get mail from this account now</source>
        <translation>立即接收此账户的邮件</translation>
    </message>
    <message>
        <source>You have entered everything needed to set up your account.</source>
        <translation>你已输入设置账户所需的全部信息。</translation>
    </message>
    <message>
        <source>{server} (not working yet)</source>
        <translation>{server}（暂时无法使用）</translation>
    </message>
    <message>
        <source>Incoming: {pop3}
Outgoing: {smtp}
Click Finish to save the account.</source>
        <translation>接收：{pop3}
发送：{smtp}
单击“完成”保存账户。</translation>
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
    <message>
        <source>Templates</source>
        <translation>模板</translation>
    </message>
</context>
<context>
    <name>Hongyan</name>
    <message>
        <source>Cannot write</source>
        <translation>无法撰写</translation>
    </message>
    <message>
        <source>“{subject}” waits in the Outbox until {time}.</source>
        <translation>“{subject}”在发件箱中等待，将于 {time} 发送。</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
</context>
<context>
    <name>IdentitiesTab</name>
    <message>
        <source>Identities are other names and addresses you send as with this account, through its outgoing mail server. Choose one in the From list when you write.</source>
        <translation>身份是你用这个账户发信时可以使用的其他姓名和地址，邮件经由该账户的发送服务器发出。写信时在“发件人”列表中选择。</translation>
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
        <translation>（账户本身的地址）</translation>
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
        <translation>答复地址：</translation>
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
        <translation>{address} 已经是这个账户的地址。</translation>
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
        <source>Type the user name and password your provider gave you.</source>
        <translation>请输入服务商提供给你的用户名和密码。</translation>
    </message>
    <message>
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <source>Remember password</source>
        <translation>记住密码</translation>
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
        <translation>没有可以接收邮件的账户。</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Password of {user} for {account}:</source>
        <translation>账户 {account} 的用户 {user} 的密码：</translation>
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
        <source>“{subject}” ({size}) from {sender}: {reason}</source>
        <translation>“{subject}”（{size}，来自 {sender}）：{reason}</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message>
        <source>unknown sender</source>
        <translation>未知发件人</translation>
    </message>
    <message numerus="yes">
        <source>%n left on the server</source>
        <translation>
            <numerusform>%n 封留在服务器上</numerusform>
        </translation>
    </message>
    <message>
        <source>. To download it, raise the size limit in the account&apos;s properties (Advanced).</source>
        <translation>。如需下载，请在账户属性的“高级”页中提高大小上限。</translation>
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
        <extracomment>While mail arrives, the list and the counts are refreshed at most this often.</extracomment>
        <translation>邮件存储正在移动或重建，请完成后再试。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Get Mail</source>
        <extracomment>Folders whose messages are never junk: the user&apos;s own mail. The key under which the list&apos;s columns are remembered for search results. Mark a message read after it has been shown this long (as Outlook Express did).</extracomment>
        <translation>接收(&amp;G)</translation>
    </message>
    <message>
        <source>Get mail from all accounts (F5)</source>
        <translation>接收所有账户的邮件 (F5)</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>撰写(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
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
        <translation>加旗标(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Accounts…</source>
        <translation>账户(&amp;A)…</translation>
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
        <source>Reply with &amp;Template</source>
        <translation>用模板回复(&amp;T)</translation>
    </message>
    <message>
        <source>Automatic &amp;Replies…</source>
        <translation>自动回复(&amp;R)…</translation>
    </message>
    <message>
        <source>Account &amp;Properties…</source>
        <translation>账户属性(&amp;P)…</translation>
    </message>
    <message>
        <source>Mark All as &amp;Read</source>
        <translation>全部标记为已读(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Get Mail From</source>
        <translation>按账户接收</translation>
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
        <source>&amp;Get Mail From This Account</source>
        <translation>接收此账户的邮件(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;Empty Trash…</source>
        <translation>清空已删除邮件(&amp;E)…</translation>
    </message>
    <message>
        <source>New &amp;Message from Template</source>
        <translation>用模板写邮件(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Empty Junk…</source>
        <translation>清空垃圾邮件(&amp;E)…</translation>
    </message>
    <message>
        <source>All Accounts</source>
        <translation>全部账户</translation>
    </message>
    <message>
        <source>Select a message to read it here.</source>
        <translation>选择一封邮件，即可在这里阅读。</translation>
    </message>
    <message>
        <source>No message matches your search.</source>
        <translation>没有找到符合条件的邮件。</translation>
    </message>
    <message>
        <source>Add your mail account with Tools → Accounts… to get your mail.</source>
        <translation>请先通过“工具 → 账户…”添加邮件账户，然后接收邮件。</translation>
    </message>
    <message>
        <source>No messages. Click Get Mail to get your new mail.</source>
        <translation>没有邮件。单击“接收”收取新邮件。</translation>
    </message>
    <message>
        <source>This folder is empty.</source>
        <translation>此文件夹是空的。</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>搜索结果</translation>
    </message>
    <message numerus="yes">
        <source>Still indexing %n new message(s) for search</source>
        <translation>
            <numerusform>仍在为搜索索引 %n 封新邮件</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>%n message(s) selected</source>
        <translation>
            <numerusform>已选择 %n 封邮件</numerusform>
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
    <name>MessageBrowser</name>
    <message>
        <source>This link goes to {target}, not to the address it shows ({shown}).</source>
        <extracomment>Decoded images larger than this many pixels are shown as a placeholder (a 30000x30000 PNG is a few KB on the wire and 3.6 GB in memory). Bytes of one remote image accepted after the reader allowed remote content. Remote images fetched for one message at most. Image formats decoded at all: plain raster formats, never SVG (scripts, external refs). Asked before a spoofed link is opened: (text shown, real target) -&gt; open it? URLs (other than cid:/data:) the document asked for and was refused; for tests.</extracomment>
        <translation>此链接实际指向 {target}，而不是它显示的地址（{shown}）。</translation>
    </message>
    <message>
        <source>Open this link?</source>
        <translation>打开此链接？</translation>
    </message>
    <message>
        <source>The link shows {shown} but goes to {target}. Links like this are a common trick to steal passwords. Open {target}?</source>
        <translation>此链接显示为 {shown}，实际指向 {target}。这是盗取密码的常见手法。仍要打开 {target} 吗？</translation>
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
        <translation>旗标</translation>
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
        <source>Folder</source>
        <translation>文件夹</translation>
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
        <source>Send At</source>
        <translation>发送时间</translation>
    </message>
    <message>
        <source>To</source>
        <extracomment>Shown only for search results, which come from every folder. Shown only in the Outbox: when a message sent later goes (outbox_actions.py).</extracomment>
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
        <translation>记住该发件人的编码</translation>
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
        <source>Reply with &amp;Template</source>
        <translation>用模板回复(&amp;T)</translation>
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
        <source>Sending</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message numerus="yes">
        <source>%n second(s)</source>
        <translation>
            <numerusform>%n 秒</numerusform>
        </translation>
    </message>
    <message>
        <source>After Send, the message waits this long in the Outbox; Undo in the status bar takes it back to change it.</source>
        <translation>点击“发送”后，邮件先在发件箱中等待这段时间；在状态栏点击“撤销”即可取回修改。</translation>
    </message>
    <message>
        <source>Undo Send:</source>
        <translation>撤销发送：</translation>
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
    <name>OutboxActions</name>
    <message>
        <source>Send &amp;Now</source>
        <translation>立即发送(&amp;N)</translation>
    </message>
    <message>
        <source>Change Send Ti&amp;me…</source>
        <translation>更改发送时间(&amp;M)…</translation>
    </message>
</context>
<context>
    <name>OutboxTimer</name>
    <message>
        <source>“{subject}” was due at {time} and went {lateness} late.</source>
        <extracomment>The longest the timer sleeps before it looks at the wall clock again.</extracomment>
        <translation>“{subject}”原定于 {time} 发送，晚了 {lateness}。</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) sent late: Hongyan was not running at the time</source>
        <translation>
            <numerusform>%n 封邮件延迟发出：到点时鸿雁未在运行</numerusform>
        </translation>
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
    <name>QuickText</name>
    <message>
        <source>Quick text not saved</source>
        <translation>常用语未保存</translation>
    </message>
    <message>
        <source>Replace quick text?</source>
        <translation>替换常用语？</translation>
    </message>
    <message>
        <source>A quick text titled “{title}” exists already. Replace it?</source>
        <translation>已有标题为“{title}”的常用语。要替换它吗？</translation>
    </message>
    <message>
        <source>Save as quick text</source>
        <translation>存为常用语</translation>
    </message>
    <message>
        <source>Select the text to save in your message first.</source>
        <translation>请先在邮件中选中要保存的文字。</translation>
    </message>
    <message>
        <source>Title (a few words to find it by):</source>
        <translation>标题（几个便于查找的字）：</translation>
    </message>
    <message>
        <source>Saved as the quick text “{title}”.</source>
        <translation>已存为常用语“{title}”。</translation>
    </message>
</context>
<context>
    <name>QuickTextDialog</name>
    <message>
        <source>Quick Text</source>
        <translation>常用语</translation>
    </message>
    <message>
        <source>Type to find</source>
        <translation>输入文字查找</translation>
    </message>
    <message>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Insert</source>
        <translation>插入</translation>
    </message>
    <message>
        <source>Nothing matches “{typed}”.</source>
        <translation>没有与“{typed}”匹配的常用语。</translation>
    </message>
    <message>
        <source>No quick texts yet. Select a sentence in your message and choose Quick Text → Save Selection as Quick Text, or click New….</source>
        <translation>还没有常用语。在邮件中选中一段文字，再选择“常用语 → 将所选文字存为常用语”，或点击“新建…”。</translation>
    </message>
    <message>
        <source>Delete quick text</source>
        <translation>删除常用语</translation>
    </message>
    <message>
        <source>Delete the quick text “{title}”?</source>
        <translation>删除常用语“{title}”？</translation>
    </message>
    <message>
        <source>Quick text not deleted</source>
        <translation>常用语未删除</translation>
    </message>
</context>
<context>
    <name>QuickTextEditor</name>
    <message>
        <source>New Quick Text</source>
        <translation>新建常用语</translation>
    </message>
    <message>
        <source>A few words to find it by</source>
        <translation>几个便于查找的字</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Text:</source>
        <translation>内容：</translation>
    </message>
</context>
<context>
    <name>RemoteContentBar</name>
    <message>
        <source>Load once</source>
        <translation>显示图片</translation>
    </message>
    <message>
        <source>Always for this sender</source>
        <translation>总是显示此发件人的图片</translation>
    </message>
    <message numerus="yes">
        <source>%n remote image(s) blocked to protect your privacy.</source>
        <translation>
            <numerusform>为保护你的隐私，已阻止 %n 张远程图片。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScheduleBar</name>
    <message>
        <source>Change Time…</source>
        <translation>更改时间…</translation>
    </message>
    <message>
        <source>Remove Time</source>
        <translation>取消定时</translation>
    </message>
    <message>
        <source>This message will be sent on {time}.</source>
        <translation>此邮件将于 {time} 发送。</translation>
    </message>
</context>
<context>
    <name>SendLaterMenu</name>
    <message>
        <source>Send Later</source>
        <extracomment>The earliest a chosen time may be: a time in the past would simply be sent now.</extracomment>
        <translation>定时发送</translation>
    </message>
    <message>
        <source>&amp;Choose Date and Time…</source>
        <translation>选择日期和时间(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Tomorrow Morning</source>
        <translation>明天上午(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Monday Morning</source>
        <translation>周一上午(&amp;M)</translation>
    </message>
</context>
<context>
    <name>SendTimeDialog</name>
    <message>
        <source>Send Later</source>
        <translation>定时发送</translation>
    </message>
    <message>
        <source>The message waits in the Outbox until then. Hongyan sends it at that time if it is running, otherwise as soon as it starts again.</source>
        <translation>邮件在发件箱中等到这个时间。届时鸿雁若在运行就会发出；否则在鸿雁下次启动时立即发出。</translation>
    </message>
    <message>
        <source>Send the message on:</source>
        <translation>发送时间：</translation>
    </message>
    <message>
        <source>Choose a time at least a minute from now.</source>
        <translation>请选择至少一分钟之后的时间。</translation>
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
        <extracomment>The rows of this server; a dialog adds its own (password, …) so all align.</extracomment>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Port:</source>
        <translation>端口：</translation>
    </message>
    <message>
        <source>Security:</source>
        <translation>加密方式：</translation>
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
        <source>Check the servers, and change them if your provider tells you otherwise.</source>
        <translation>请核对服务器设置；如与服务商提供的不同，请加以修改。</translation>
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
        <translation>已按鸿雁内置的服务商设置填写。</translation>
    </message>
    <message>
        <source>Looking for the servers of your domain…</source>
        <translation>正在查找该域名的邮件服务器…</translation>
    </message>
    <message>
        <source>No server answered under the usual names; type them as your provider gives them.</source>
        <translation>按常用名称没有找到服务器，请按服务商提供的信息填写。</translation>
    </message>
    <message>
        <source>Servers found, but you have typed your own: kept.</source>
        <translation>已找到服务器，但保留了你自己填写的设置。</translation>
    </message>
    <message>
        <source>These servers answered.</source>
        <translation>以上服务器已应答。</translation>
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
    <message numerus="yes">
        <source>Skipped %n message(s) already imported.</source>
        <translation>
            <numerusform>已跳过 %n 封之前导入过的邮件。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Left out %n file(s) that are not email messages.</source>
        <translation>
            <numerusform>%n 个文件不是邮件，未导入。</numerusform>
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
    <name>TemplateChoice</name>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>{name} (missing)</source>
        <translation>{name}（已不存在）</translation>
    </message>
    <message>
        <source>There is no template named “{name}” any more.</source>
        <translation>名为“{name}”的模板已不存在。</translation>
    </message>
    <message>
        <source>The template “{name}” has placeholders Hongyan does not know ({tokens}); no reply would be sent. Correct the template first.</source>
        <translation>模板“{name}”含有鸿雁无法识别的占位符（{tokens}），将不会发出回复。请先修改模板。</translation>
    </message>
</context>
<context>
    <name>TemplateListMenu</name>
    <message>
        <source>No templates yet</source>
        <translation>还没有模板</translation>
    </message>
    <message>
        <source>Write a message, then choose Templates → Save as Template in its window.</source>
        <translation>写好一封邮件，然后在撰写窗口中选择“模板 → 存为模板”。</translation>
    </message>
</context>
<context>
    <name>TestPage</name>
    <message>
        <source>Test account settings</source>
        <translation>测试账户设置</translation>
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
        <source>Cannot reach {endpoint} ({reason}).</source>
        <translation>无法连接到 {endpoint}（{reason}）。</translation>
    </message>
    <message>
        <source>Both servers accepted the settings.</source>
        <translation>两台服务器都接受了这些设置。</translation>
    </message>
    <message>
        <source>You can receive mail. Sending will not work until the outgoing server answers; the account can be saved as it is and corrected later.</source>
        <translation>可以接收邮件。发送服务器应答之前无法发信；账户可以先照此保存，以后再修改。</translation>
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
    <name>UndoSend</name>
    <message>
        <source>Too late to undo: {reason}</source>
        <translation>来不及撤销：{reason}</translation>
    </message>
</context>
<context>
    <name>UndoSendBar</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>(no subject)</source>
        <translation>（无主题）</translation>
    </message>
    <message numerus="yes">
        <source>Sending “{subject}” in %n s</source>
        <translation>
            <numerusform>%n 秒后发送“{subject}”</numerusform>
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
