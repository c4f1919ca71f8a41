<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutBox</name>
    <message>
        <source>About DingConsole</source>
        <translation>关于 DingConsole</translation>
    </message>
    <message>
        <source>&lt;b&gt;DingConsole %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;DingConsole %1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>A debugging console for DingTalk event callbacks: listen, decrypt, diagnose, send and export. Licensed under the MIT license.</source>
        <translation>钉钉事件回调调试台：监听、解密、诊断、发送和导出。以 MIT 许可证发布。</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <source>Hide this message</source>
        <translation>隐藏此消息</translation>
    </message>
</context>
<context>
    <name>CauseTexts</name>
    <message>
        <source>The token and the aesKey are fine: take the encrypt value exactly as it arrived in the JSON body.</source>
        <translation>token 和 aesKey 都没有问题：请使用 JSON 请求体中原样收到的 encrypt 值。</translation>
    </message>
    <message>
        <source>The value was cut in transit or when copied (a log line limit, a database column): take the whole encrypt value. The token and the aesKey are not the problem.</source>
        <translation>这个值在传输或复制时被截断了（日志行长度限制、数据库字段长度）：请取完整的 encrypt 值。问题不在 token 和 aesKey。</translation>
    </message>
    <message>
        <source>The sender signs a value with line breaks: use base64.b64encode, which adds none.</source>
        <translation>发送方对带换行的值签名：请改用不加换行的 base64.b64encode。</translation>
    </message>
    <message>
        <source>the signature verifies and the message decrypts</source>
        <translation>签名校验通过，消息也能解密</translation>
    </message>
    <message>
        <source>the signature verifies</source>
        <translation>签名校验通过</translation>
    </message>
    <message>
        <source>nothing verifies it yet (%1)</source>
        <translation>尚无法验证（%1）</translation>
    </message>
    <message>
        <source>the message decrypts</source>
        <translation>消息能够解密</translation>
    </message>
    <message>
        <source>no token or aesKey fits</source>
        <translation>没有匹配的 token 或 aesKey</translation>
    </message>
    <message>
        <source>no token or aesKey to check with</source>
        <translation>没有可用于核对的 token 或 aesKey</translation>
    </message>
    <message>
        <source>a trailing newline</source>
        <translation>末尾的换行符</translation>
    </message>
    <message>
        <source>a trailing CR LF</source>
        <translation>末尾的 CR LF</translation>
    </message>
    <message>
        <source>a trailing space</source>
        <translation>末尾的空格</translation>
    </message>
    <message>
        <source>a trailing tab</source>
        <translation>末尾的制表符</translation>
    </message>
    <message>
        <source>a trailing CR</source>
        <translation>末尾的 CR</translation>
    </message>
    <message>
        <source>leading whitespace</source>
        <translation>开头的空白</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 天</translation>
    </message>
    <message>
        <source>%1 hours</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <source>%1 minutes</source>
        <translation>%1 分钟</translation>
    </message>
    <message>
        <source>%1 seconds</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>form-encoded</source>
        <translation>表单编码（form-encoded）</translation>
    </message>
    <message>
        <source>URL-encoded JSON</source>
        <translation>URL 编码的 JSON</translation>
    </message>
    <message>
        <source>an %1 error page</source>
        <translation>%1 错误页</translation>
    </message>
    <message>
        <source>an HTML page</source>
        <translation>HTML 页面</translation>
    </message>
    <message>
        <source>a proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>%1 spaces where &apos;+&apos; was URL-decoded; with &apos;+&apos; restored %2</source>
        <translation>%1 个空格原本是“+”（被 URL 解码成了空格）；还原“+”后%2</translation>
    </message>
    <message>
        <source>%1 URL escapes (%3) left in the value; decoded, %2</source>
        <translation>值中还留着 %1 个 URL 转义（%3）；解码后%2</translation>
    </message>
    <message>
        <source>the trailing newline of base64.encodebytes was lost; with it restored %1</source>
        <translation>base64.encodebytes 末尾的换行丢失了；补回后%1</translation>
    </message>
    <message>
        <source>the line breaks base64.encodebytes puts every 76 characters were removed; with them restored %1</source>
        <translation>base64.encodebytes 每 76 个字符插入的换行被去掉了；补回后%1</translation>
    </message>
    <message>
        <source>%1 line breaks were put into the value after it was signed; without them %2</source>
        <translation>签名之后值中被插入了 %1 个换行；去掉后%2</translation>
    </message>
    <message>
        <source>the token of “%1” has %2 whitespace characters around it; without them the signature verifies</source>
        <translation>“%1”的 token 前后有 %2 个空白字符；去掉后签名校验通过</translation>
    </message>
    <message>
        <source>the signature verifies with the token of “%1” plus %2: the sender&apos;s token carries whitespace</source>
        <translation>用“%1”的 token 加上%2时签名校验通过：发送方的 token 带有空白</translation>
    </message>
    <message>
        <source>the signature verifies over %1 concatenated in that order; DingTalk sorts the four values byte-wise (ordinal) first</source>
        <translation>按 %1 的顺序拼接时签名校验通过；钉钉要求先按字节（ordinal）对四个值排序</translation>
    </message>
    <message>
        <source>the body starts with a UTF-8 byte order mark (EF BB BF); read without it — DingTalk would not send it</source>
        <translation>请求体以 UTF-8 字节顺序标记（BOM，EF BB BF）开头；已去掉后读取——钉钉不会发送这样的请求体</translation>
    </message>
    <message>
        <source>HTTP %1 with Java&apos;s &apos;Illegal key size&apos;: the handler cannot use the 32-byte AES key</source>
        <translation>HTTP %1，带有 Java 的“Illegal key size”：处理程序无法使用 32 字节的 AES 密钥</translation>
    </message>
    <message>
        <source>the reply starts with a UTF-8 byte order mark (EF BB BF); the rest was checked without it</source>
        <translation>回复以 UTF-8 字节顺序标记（BOM，EF BB BF）开头；其余部分已去掉它后检查</translation>
    </message>
    <message>
        <source>the ciphertext was cut: %1 bytes arrived, yet the aesKey of “%2” opens its beginning, whose length field declares %3 bytes of message</source>
        <translation>密文被截断了：只收到 %1 字节，但“%2”的 aesKey 能解开它的开头，其长度字段声明消息有 %3 字节</translation>
    </message>
    <message>
        <source>the ciphertext was cut mid-value: %1 base64 characters are not whole AES blocks; the aesKey of “%2” opens its beginning, whose length field declares %3 bytes of message</source>
        <translation>密文在中途被截断：%1 个 base64 字符凑不成完整的 AES 块；“%2”的 aesKey 能解开它的开头，其长度字段声明消息有 %3 字节</translation>
    </message>
    <message>
        <source>the value has %1 base64 characters, not a multiple of 4: it was cut or altered on the way (nothing verifies more: %2)</source>
        <translation>该值有 %1 个 base64 字符，不是 4 的倍数：途中被截断或改动（无法进一步验证：%2）</translation>
    </message>
    <message>
        <source>the body has %1 bytes, its Content-Length says %2: the body was cut</source>
        <translation>请求体有 %1 字节，而 Content-Length 为 %2：请求体被截断了</translation>
    </message>
    <message>
        <source>not checked: %1; seen without keys: no spaces, no URL escapes, %2 characters (a multiple of 4)</source>
        <translation>未检查：%1；无需密钥即可看出：没有空格、没有 URL 转义，%2 个字符（4 的倍数）</translation>
    </message>
    <message>
        <source>neither the token nor the aesKey of any profile fits this push (%1 tried): it was sealed for another app</source>
        <translation>没有任何配置的 token 或 aesKey 对得上这条推送（试了 %1 个）：它是为另一个应用加密的</translation>
    </message>
    <message>
        <source>the aesKey of “%1” has %2 characters, expected 43</source>
        <translation>“%1”的 aesKey 有 %2 个字符，应为 43 个</translation>
    </message>
    <message>
        <source>character %2 of the aesKey of “%1” is %3; only A–Z, a–z and 0–9 are allowed</source>
        <translation>“%1”的 aesKey 第 %2 个字符是 %3；只允许 A–Z、a–z 和 0–9</translation>
    </message>
    <message>
        <source>the aesKey of “%1” has %2 whitespace characters around it; used without them</source>
        <translation>“%1”的 aesKey 前后有 %2 个空白字符；已去掉后使用</translation>
    </message>
    <message>
        <source>the aesKey of “%1” ends with &apos;=&apos;; used without it (43 characters)</source>
        <translation>“%1”的 aesKey 以“=”结尾；已去掉后使用（43 个字符）</translation>
    </message>
    <message>
        <source>the aesKey of “%1” does not open the ciphertext: the last byte is %2, not PKCS#7 padding</source>
        <translation>“%1”的 aesKey 解不开这段密文：最后一个字节是 %2，不是 PKCS#7 填充</translation>
    </message>
    <message>
        <source>the sender counted characters, not UTF-8 bytes: the length field says %1, the message has %2 characters and %3 bytes</source>
        <translation>发送方按字符而不是按 UTF-8 字节计算长度：长度字段为 %1，消息有 %2 个字符、%3 个字节</translation>
    </message>
    <message>
        <source>made for the placeholder %1, as DingTalk seals %2; the profile&apos;s suiteKey stays as it is</source>
        <translation>按占位 suiteKey %1 加密，钉钉对 %2 正是这样做的；配置中的 suiteKey 保持不变</translation>
    </message>
    <message>
        <source>timestamp %1 is not a number: DingTalk&apos;s timestamps are milliseconds, digits only</source>
        <translation>时间戳 %1 不是数字：钉钉的时间戳是毫秒数，只含数字</translation>
    </message>
    <message>
        <source>timestamp %1 is in seconds; DingTalk&apos;s pushes carry milliseconds</source>
        <translation>时间戳 %1 以秒为单位；钉钉的推送使用毫秒</translation>
    </message>
    <message>
        <source>the push is %1 old (timestamp %2)</source>
        <translation>这条推送是 %1 前的（时间戳 %2）</translation>
    </message>
    <message>
        <source>the timestamp %1 is %2 in the future</source>
        <translation>时间戳 %1 比现在晚 %2</translation>
    </message>
    <message>
        <source>the body is %1, not JSON: DingTalk posts JSON; its encrypt field was read anyway</source>
        <translation>请求体是%1，不是 JSON：钉钉发送的是 JSON；仍读取了其中的 encrypt 字段</translation>
    </message>
    <message>
        <source>HTTP %1 from %2: the proxy cannot reach your handler</source>
        <translation>来自 %2 的 HTTP %1：代理连不上你的处理程序</translation>
    </message>
    <message>
        <source>HTTP %1: the handler failed</source>
        <translation>HTTP %1：处理程序出错</translation>
    </message>
    <message>
        <source>HTTP %1: nothing answers at this path</source>
        <translation>HTTP %1：这个路径上没有处理程序</translation>
    </message>
    <message>
        <source>the reply is %1, not JSON</source>
        <translation>回复是%1，不是 JSON</translation>
    </message>
    <message>
        <source>the reply body is empty</source>
        <translation>回复体为空</translation>
    </message>
    <message>
        <source>timeStamp is a JSON number (%1), not a string: every official demo sends a string; whether DingTalk accepts a number is unverified</source>
        <translation>timeStamp 是 JSON 数字（%1），不是字符串：所有官方示例都发送字符串；钉钉是否接受数字尚未验证</translation>
    </message>
    <message>
        <source>the reply is not JSON: %1</source>
        <translation>回复不是 JSON：%1</translation>
    </message>
    <message>
        <source>msg_signature %1 is upper-case hex; DingTalk&apos;s demos compare lower-case hex</source>
        <translation>msg_signature %1 是大写十六进制；钉钉官方示例比较的是小写十六进制</translation>
    </message>
    <message>
        <source>msg_signature was computed over the request&apos;s timestamp %1, not the reply&apos;s own timeStamp %2</source>
        <translation>msg_signature 是用请求的时间戳 %1 计算的，而不是回复自己的 timeStamp %2</translation>
    </message>
    <message>
        <source>encrypt holds %1 line breaks (base64.encodebytes); DingTalk accepts them today, strict parsers do not</source>
        <translation>encrypt 中有 %1 个换行（base64.encodebytes）；钉钉目前接受，严格的解析器不接受</translation>
    </message>
    <message>
        <source>for %1 DingTalk wants the Random value %2 sealed, the reply holds %3</source>
        <translation>对于 %1，钉钉要求加密 Random 的值 %2，回复中却是 %3</translation>
    </message>
    <message>
        <source>A URL decoder (a query string, a log, a form parser) read the value.</source>
        <translation>这个值经过了 URL 解码（查询字符串、日志或表单解析器）。</translation>
    </message>
    <message>
        <source>URL-decode a value taken from a query string exactly once.</source>
        <translation>从查询字符串取得的值只需 URL 解码一次。</translation>
    </message>
    <message>
        <source>Send the encrypt value exactly as it was signed: whatever wraps it between signing and sending (a logger, a base64 tool with a line length, a mail or chat client) must not.</source>
        <translation>请按签名时的原样发送 encrypt 值：签名与发送之间的任何环节（日志、带行宽的 base64 工具、邮件或聊天客户端）都不应给它换行。</translation>
    </message>
    <message>
        <source>Remove the whitespace around the token where it is stored (the profile): DingTalk signs with the bare token. The aesKey is not the problem.</source>
        <translation>请去掉保存处（配置中）token 前后的空白：钉钉用不带空白的 token 签名。问题不在 aesKey。</translation>
    </message>
    <message>
        <source>Strip the token in the sender (a value read from a file or an environment variable keeps its newline). The profile&apos;s token is right.</source>
        <translation>请在发送方去掉 token 的空白（从文件或环境变量读取的值会带着换行）。配置中的 token 是对的。</translation>
    </message>
    <message>
        <source>Sort token, timestamp, nonce and encrypt by their UTF-8 bytes (ordinal, case-sensitive) and concatenate them with no separator; then SHA-1, lower-case hex. The token is right.</source>
        <translation>请按 UTF-8 字节（ordinal，区分大小写）对 token、timestamp、nonce 和 encrypt 排序，无分隔符拼接，再做 SHA-1，输出小写十六进制。token 是对的。</translation>
    </message>
    <message>
        <source>DingTalk&apos;s pushes carry no BOM: a sender imitating DingTalk should write UTF-8 without one (.NET: new UTF8Encoding(false)).</source>
        <translation>钉钉的推送不带 BOM：模拟钉钉的发送方应写不带 BOM 的 UTF-8（.NET：new UTF8Encoding(false)）。</translation>
    </message>
    <message>
        <source>Not the aesKey: in the official Java demo (DingCallbackCrypto) remove the static block that sets crypto.policy=limited, or run Security.setProperty(&quot;crypto.policy&quot;, &quot;unlimited&quot;) before that class loads. On JDK 8u151 and older install the unlimited-strength JCE policy files.</source>
        <translation>问题不在 aesKey：请删除官方 Java 示例（DingCallbackCrypto）中设置 crypto.policy=limited 的静态代码块，或在该类加载前执行 Security.setProperty(&quot;crypto.policy&quot;, &quot;unlimited&quot;)。JDK 8u151 及更早版本请安装无限制强度的 JCE 策略文件。</translation>
    </message>
    <message>
        <source>Write the reply as UTF-8 without a BOM (.NET: new UTF8Encoding(false)): JSON senders must not add one (RFC 8259 §8.1). Whether DingTalk skips it is unverified.</source>
        <translation>请以不带 BOM 的 UTF-8 写回复（.NET：new UTF8Encoding(false)）：JSON 发送方不得添加 BOM（RFC 8259 §8.1）。钉钉是否会跳过它尚未验证。</translation>
    </message>
    <message>
        <source>Take the whole body: a log line limit or a copy cut it. The token and the aesKey are not the problem.</source>
        <translation>请取完整的请求体：日志行长度限制或复制时截断了它。问题不在 token 和 aesKey。</translation>
    </message>
    <message>
        <source>Choose the profile of this app (or type its token and aesKey) so the value can be verified.</source>
        <translation>请选择该应用的配置（或输入其 token 和 aesKey），以便验证该值。</translation>
    </message>
    <message>
        <source>Choose the profile of the app this callback belongs to, or copy its token and aesKey again.</source>
        <translation>请选择这个回调所属应用的配置，或重新复制它的 token 和 aesKey。</translation>
    </message>
    <message>
        <source>Copy the whole encodingAESKey from the event subscription page: 43 letters and digits.</source>
        <translation>从事件订阅页重新复制完整的 encodingAESKey：43 个字母和数字。</translation>
    </message>
    <message>
        <source>The encodingAESKey has letters and digits only: copy it again.</source>
        <translation>encodingAESKey 只含字母和数字：请重新复制。</translation>
    </message>
    <message>
        <source>Remove the whitespace where the aesKey is stored: DingTalk&apos;s demos reject the key with it.</source>
        <translation>请去掉保存 aesKey 处的空白：钉钉官方示例遇到它会拒绝这个 key。</translation>
    </message>
    <message>
        <source>Store the 43-character encodingAESKey without &apos;=&apos;: the demos append it before decoding.</source>
        <translation>请保存 43 个字符、不带“=”的 encodingAESKey：官方示例解码前会自己补上“=”。</translation>
    </message>
    <message>
        <source>Pack len(message.encode(&apos;utf-8&apos;)) in the sender. The official Python 3 demo does it wrong: %1.</source>
        <translation>发送方应写入 len(message.encode(&apos;utf-8&apos;))。官方 Python 3 示例在这里写错了：%1。</translation>
    </message>
    <message>
        <source>Open suite URL checks with the TestSuiteKey placeholder; keep the real suiteKey for every other push.</source>
        <translation>套件 URL 校验用 TestSuiteKey 占位符解密；其他推送仍使用真实的 suiteKey。</translation>
    </message>
    <message>
        <source>DingConsole&apos;s listener refuses such a push (400). A sender imitating DingTalk should send digits.</source>
        <translation>DingConsole 的监听器会拒绝这样的推送（400）。模拟钉钉的发送方应只发送数字。</translation>
    </message>
    <message>
        <source>Not an error: the signature covers the value as sent. A sender imitating DingTalk should use milliseconds.</source>
        <translation>这不是错误：签名覆盖的是发送时的原值。模仿钉钉的发送方应使用毫秒。</translation>
    </message>
    <message>
        <source>Not an error: old pushes still verify. A live push is seconds old; DingTalk retries a failed one later.</source>
        <translation>这不是错误：旧推送仍能校验通过。实时推送只有几秒；失败的推送钉钉会稍后重试。</translation>
    </message>
    <message>
        <source>Check the clock of the machine that made the push.</source>
        <translation>请检查生成这条推送的机器的时钟。</translation>
    </message>
    <message>
        <source>DingTalk posts {&quot;encrypt&quot;: &quot;...&quot;} as application/json; send the same when you imitate it.</source>
        <translation>钉钉以 application/json 发送 {&quot;encrypt&quot;: &quot;...&quot;}；模仿它时请发送同样的内容。</translation>
    </message>
    <message>
        <source>The handler never saw the push: start it, and check the proxy&apos;s upstream address and port.</source>
        <translation>处理程序根本没收到推送：请启动它，并检查代理的上游地址和端口。</translation>
    </message>
    <message>
        <source>The handler raised an error: its log has the reason. DingTalk needs HTTP 200 with the sealed reply.</source>
        <translation>处理程序抛出了错误，原因见它的日志。钉钉需要 HTTP 200 和加密后的回复。</translation>
    </message>
    <message>
        <source>Check the callback path registered with DingTalk against the handler&apos;s route (trailing slash, prefix).</source>
        <translation>请核对在钉钉登记的回调路径与处理程序的路由（末尾斜杠、前缀）。</translation>
    </message>
    <message>
        <source>DingTalk wants the sealed JSON reply. The body (first 2 KB):
%1</source>
        <translation>钉钉需要加密后的 JSON 回复。回复体（前 2 KB）：
%1</translation>
    </message>
    <message>
        <source>Send {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;} as JSON with HTTP 200.</source>
        <translation>请以 HTTP 200 发送 JSON {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;}。</translation>
    </message>
    <message>
        <source>DingTalk wants exactly {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;}. The body (first 2 KB):
%1</source>
        <translation>钉钉要的正是 {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;}。回复体（前 2 KB）：
%1</translation>
    </message>
    <message>
        <source>.NET&apos;s Convert.ToHexString gives upper case: use Convert.ToHexString(hash).ToLowerInvariant().</source>
        <translation>.NET 的 Convert.ToHexString 输出大写：请改用 Convert.ToHexString(hash).ToLowerInvariant()。</translation>
    </message>
    <message>
        <source>Sign the values you send back: the reply&apos;s own timeStamp, nonce and encrypt.</source>
        <translation>请对你发回的值签名：回复自己的 timeStamp、nonce 和 encrypt。</translation>
    </message>
    <message>
        <source>Use base64.b64encode, which adds no line breaks.</source>
        <translation>请改用不加换行的 base64.b64encode。</translation>
    </message>
    <message>
        <source>Send timeStamp as a string of digits, as the demos do: str(int(time.time() * 1000)).</source>
        <translation>请像官方示例那样把 timeStamp 作为数字字符串发送：str(int(time.time() * 1000))。</translation>
    </message>
    <message>
        <source>Answer check_create_suite_url and check_update_suite_url with the message&apos;s Random value, sealed like success (%1).</source>
        <translation>check_create_suite_url 和 check_update_suite_url 要用消息中的 Random 值回复，像 success 一样加密（%1）。</translation>
    </message>
    <message>
        <source>Base64 holds no spaces and no &apos;%&apos;: the value was altered on its way here. Choose the profile of this app (or type its token and aesKey) to verify the repair.</source>
        <translation>Base64 中不会有空格或“%”：该值在传递途中被改动了。请选择该应用的配置（或输入其 token 和 aesKey）来验证修复。</translation>
    </message>
    <message>
        <source>the signature verifies over the value as it arrived: not altered in transit</source>
        <translation>签名对收到的原值校验通过：传输中没有被改动</translation>
    </message>
    <message>
        <source>the aesKey opens the value as it arrived: not cut, and no spaces or URL escapes in it</source>
        <translation>aesKey 能解开收到的原值：未被截断，其中也没有空格或 URL 转义</translation>
    </message>
    <message>
        <source>43 letters and digits</source>
        <translation>43 个字母和数字</translation>
    </message>
    <message>
        <source>all %1 profiles have 43 letters and digits</source>
        <translation>全部 %1 个配置都是 43 个字母和数字</translation>
    </message>
    <message>
        <source>%1 (milliseconds, %2 old)</source>
        <translation>%1（毫秒，%2 前）</translation>
    </message>
    <message>
        <source>encrypt is one line of base64</source>
        <translation>encrypt 是单行 base64</translation>
    </message>
    <message>
        <source>decrypts to %1</source>
        <translation>解密为 %1</translation>
    </message>
</context>
<context>
    <name>ConformPanel</name>
    <message>
        <source>✘ Choose a profile: the suite seals its pushes with its keys.</source>
        <translation>✘ 请选择配置：测试用它的密钥封装推送。</translation>
    </message>
    <message>
        <source>✘ Enter the handler&apos;s callback URL (http:// or https://).</source>
        <translation>✘ 请输入处理程序的回调地址（http:// 或 https://）。</translation>
    </message>
    <message>
        <source>Not run.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>Running the conformance suite…</source>
        <translation>正在运行一致性测试…</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>Hint</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>DingTalk: %1</source>
        <translation>钉钉：%1</translation>
    </message>
    <message>
        <source>A correct handler: %1</source>
        <translation>正确的处理程序：%1</translation>
    </message>
    <message>
        <source>Reply:</source>
        <translation>应答：</translation>
    </message>
    <message>
        <source>DingTalk&apos;s checks of this reply:</source>
        <translation>钉钉对该应答的检查：</translation>
    </message>
    <message>
        <source>The correct reply would be like:</source>
        <translation>正确的应答应类似：</translation>
    </message>
    <message>
        <source>%1 cases: %2 passed, %3 failed, %4 warned · %5 requests</source>
        <translation>%1 个用例：%2 个通过，%3 个未通过，%4 个警告 · %5 个请求</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1 is not on this machine. The suite sends up to %2 pushes, %3 of them at once, including forged and corrupted ones. Run it only against a handler you own.</source>
        <translation>%1 不在本机上。测试最多发送 %2 个推送，其中 %3 个同时发出，还包括伪造和篡改的推送。只对你自己的处理程序运行。</translation>
    </message>
    <message>
        <source>Run against a remote handler?</source>
        <translation>对远程处理程序运行测试？</translation>
    </message>
    <message>
        <source>Export conformance report</source>
        <translation>导出一致性测试报告</translation>
    </message>
    <message>
        <source>HTML report (*.html);;JSON report (*.json)</source>
        <translation>HTML 报告 (*.html);;JSON 报告 (*.json)</translation>
    </message>
    <message>
        <source>Conformance: test the handler at this URL before DingTalk does</source>
        <translation>一致性测试：在钉钉之前先测试此地址上的处理程序</translation>
    </message>
    <message>
        <source>Run conformance suite</source>
        <translation>运行一致性测试</translation>
    </message>
    <message>
        <source>Plays every DingTalk behaviour against the URL with the chosen profile, case by case.</source>
        <translation>用所选配置，逐个用例地把钉钉的每种行为发给该地址。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Export report…</source>
        <translation>导出报告…</translation>
    </message>
    <message>
        <source>Burst N:</source>
        <translation>并发数 N：</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>用例</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
</context>
<context>
    <name>DetailPanes</name>
    <message>
        <source>(no reply was sent)</source>
        <translation>（没有发送返回）</translation>
    </message>
    <message>
        <source>Decrypted reply (profile “%2”): %1</source>
        <translation>解密后的返回（配置“%2”）：%1</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>复制为 curl</translation>
    </message>
    <message>
        <source>Replay…</source>
        <translation>重放…</translation>
    </message>
    <message>
        <source>Edit and resend: open the event in the Send tab with its decrypted JSON to edit; it is sealed again and sent to any URL (the listener&apos;s own is filled in)</source>
        <translation>编辑后重发：在发送页打开该事件，可编辑其解密后的 JSON；重新加密后发送到任意地址（已填入监听器自己的地址）</translation>
    </message>
    <message>
        <source>Export as fixture…</source>
        <translation>导出为测试数据…</translation>
    </message>
    <message>
        <source>Open in workbench</source>
        <translation>在工作台中打开</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>返回</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Event #%1 was deleted.</source>
        <translation>事件 #%1 已被删除。</translation>
    </message>
    <message>
        <source>Event #%1 is hidden by the filters; its details stay here.</source>
        <translation>事件 #%1 已被筛选条件隐藏；其详情仍保留在此处。</translation>
    </message>
    <message>
        <source>Select an event to see its details.</source>
        <translation>选择一个事件以查看详情。</translation>
    </message>
    <message>
        <source>message recovered by the diagnosis (not verified)</source>
        <translation>消息由诊断恢复（未经验证）</translation>
    </message>
    <message>
        <source>(nothing was decrypted)</source>
        <translation>（没有解密出内容）</translation>
    </message>
</context>
<context>
    <name>DetailTexts</name>
    <message>
        <source>no query given: the signature was not checked</source>
        <translation>没有查询参数：未检查签名</translation>
    </message>
    <message>
        <source>no encrypt value</source>
        <translation>没有 encrypt 值</translation>
    </message>
    <message>
        <source>no ciphertext to decrypt</source>
        <translation>没有可解密的密文</translation>
    </message>
    <message>
        <source>no encrypt value to sign</source>
        <translation>没有可签名的 encrypt 值</translation>
    </message>
    <message>
        <source>no encrypt value to decode</source>
        <translation>没有可解码的 encrypt 值</translation>
    </message>
    <message>
        <source>the ciphertext is not base64</source>
        <translation>密文不是 base64</translation>
    </message>
    <message>
        <source>no timestamp in the query</source>
        <translation>查询参数中没有 timestamp</translation>
    </message>
    <message>
        <source>the message is not a JSON object</source>
        <translation>消息不是 JSON 对象</translation>
    </message>
    <message>
        <source>the reply is not a JSON object</source>
        <translation>返回不是 JSON 对象</translation>
    </message>
    <message>
        <source>a JSON object</source>
        <translation>一个 JSON 对象</translation>
    </message>
    <message>
        <source>exactly msg_signature, timeStamp, nonce and encrypt</source>
        <translation>恰好是 msg_signature、timeStamp、nonce 和 encrypt</translation>
    </message>
    <message>
        <source>no timeStamp</source>
        <translation>没有 timeStamp</translation>
    </message>
    <message>
        <source>a field is missing</source>
        <translation>缺少字段</translation>
    </message>
    <message>
        <source>msg_signature fits the reply&apos;s own timeStamp, nonce and encrypt</source>
        <translation>msg_signature 与返回自身的 timeStamp、nonce 和 encrypt 相符</translation>
    </message>
    <message>
        <source>encrypt does not decrypt</source>
        <translation>encrypt 无法解密</translation>
    </message>
    <message>
        <source>reply time not measured</source>
        <translation>未测量返回耗时</translation>
    </message>
    <message>
        <source>incorrect padding</source>
        <translation>填充不正确</translation>
    </message>
    <message>
        <source>encrypt is not base64</source>
        <translation>encrypt 不是 base64</translation>
    </message>
    <message>
        <source>the ciphertext is not a whole number of 16-byte AES blocks</source>
        <translation>密文不是整数个 16 字节的 AES 块</translation>
    </message>
    <message>
        <source>the decrypted padding is not PKCS#7: the aesKey differs, or the value was altered</source>
        <translation>解密后的填充不是 PKCS#7：aesKey 不同，或密文被改动</translation>
    </message>
    <message>
        <source>the length field does not fit: the aesKey differs, or the value was altered</source>
        <translation>长度字段对不上：aesKey 不同，或密文被改动</translation>
    </message>
    <message>
        <source>the decrypted message is not UTF-8</source>
        <translation>解密出的消息不是 UTF-8</translation>
    </message>
    <message>
        <source>the payload was made for another owner key than the profile&apos;s</source>
        <translation>载荷是为另一个所有者密钥（owner key）加密的，不是配置里的那个</translation>
    </message>
    <message>
        <source>The diagnosis of this exchange says why.</source>
        <translation>原因见这条记录的诊断。</translation>
    </message>
    <message>
        <source>timestamp is not a number</source>
        <translation>时间戳不是数字</translation>
    </message>
    <message>
        <source>accepted, but stale: the timestamp is more than a day old</source>
        <translation>已接受，但已过时：时间戳早于一天之前</translation>
    </message>
    <message>
        <source>accepted, but stale: the timestamp is more than an hour in the future</source>
        <translation>已接受，但已过时：时间戳比现在晚一小时以上</translation>
    </message>
    <message>
        <source>The request is recorded: run `dingconsole diagnose` on it (or paste it in the Workbench).</source>
        <translation>请求已记录：对它运行 `dingconsole diagnose`（或粘贴到工作台）。</translation>
    </message>
    <message>
        <source>a value was expected</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <source>a field name in double quotes was expected</source>
        <translation>此处应为双引号括起的字段名</translation>
    </message>
    <message>
        <source>a comma was expected</source>
        <translation>此处应为逗号</translation>
    </message>
    <message>
        <source>a colon was expected</source>
        <translation>此处应为冒号</translation>
    </message>
    <message>
        <source>more text after the JSON value</source>
        <translation>JSON 值之后还有多余内容</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>字符串没有闭合</translation>
    </message>
    <message>
        <source>a control character inside a string</source>
        <translation>字符串中含有控制字符</translation>
    </message>
    <message>
        <source>an invalid backslash escape</source>
        <translation>无效的反斜杠转义</translation>
    </message>
    <message>
        <source>an invalid \u escape</source>
        <translation>无效的 \u 转义</translation>
    </message>
    <message>
        <source>%1 (line %2, column %3)</source>
        <translation>%1（第 %2 行，第 %3 列）</translation>
    </message>
    <message>
        <source>the database is read-only</source>
        <translation>数据库为只读</translation>
    </message>
    <message>
        <source>the database file cannot be opened</source>
        <translation>无法打开数据库文件</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>success after %1 ms</source>
        <translation>%1 毫秒后回复 success</translation>
    </message>
    <message>
        <source>success</source>
        <translation>回复 success</translation>
    </message>
    <message>
        <source>a sealed non-success</source>
        <translation>回复加密的非 success</translation>
    </message>
    <message>
        <source>HTTP 500</source>
        <translation>HTTP 500</translation>
    </message>
    <message>
        <source>closing the connection</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>not diagnosed: %1 failed pushes were already waiting for a diagnosis</source>
        <translation>未诊断：已有 %1 条失败的推送在等待诊断</translation>
    </message>
    <message>
        <source>body is over %1 KiB and not a {&quot;encrypt&quot;: &quot;...&quot;} object</source>
        <translation>请求体超过 %1 KiB，且不是 {&quot;encrypt&quot;: &quot;...&quot;} 对象</translation>
    </message>
    <message>
        <source>encrypt is over %1 KiB</source>
        <translation>encrypt 超过 %1 KiB</translation>
    </message>
    <message>
        <source>answered with the response policy: %1</source>
        <translation>按响应策略作答：%1</translation>
    </message>
    <message>
        <source>encrypt opens with the aesKey of “%1”</source>
        <translation>encrypt 可用配置“%1”的 aesKey 解开</translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 cannot be written (%2)</source>
        <translation>%1 无法写入（%2）</translation>
    </message>
    <message>
        <source>made for %1</source>
        <translation>为 %1 生成</translation>
    </message>
    <message>
        <source>%1 (milliseconds)</source>
        <translation>%1（毫秒）</translation>
    </message>
    <message>
        <source>no callback at %1</source>
        <translation>%1 上没有回调</translation>
    </message>
    <message>
        <source>cannot tell what this is: %1</source>
        <translation>无法识别这是什么：%1</translation>
    </message>
    <message>
        <source>encrypt is not base64: %1 characters, one more than a multiple of 4</source>
        <translation>encrypt 不是 base64：%1 个字符，比 4 的倍数多 1</translation>
    </message>
    <message>
        <source>encrypt is not base64: incorrect padding</source>
        <translation>encrypt 不是 base64：填充不正确</translation>
    </message>
    <message>
        <source>port %1 on %2 is already in use</source>
        <translation>%2 上的端口 %1 已被占用</translation>
    </message>
    <message>
        <source>Not an error: DingTalk adds fields over time and leaves some out. Make sure the handler does not depend on these fields as an older sample showed them; the documentation is at %1</source>
        <translation>这不是错误：钉钉会随时间增加字段，也会省略部分字段。请确保处理程序不依赖旧示例中的这些字段；文档见 %1</translation>
    </message>
    <message>
        <source>not a directory</source>
        <translation>不是目录</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有权限</translation>
    </message>
    <message>
        <source>operation not permitted</source>
        <translation>不允许此操作</translation>
    </message>
    <message>
        <source>read-only file system</source>
        <translation>只读文件系统</translation>
    </message>
    <message>
        <source>no space left on the disk</source>
        <translation>磁盘空间已满</translation>
    </message>
    <message>
        <source>no such file or directory</source>
        <translation>文件或目录不存在</translation>
    </message>
    <message>
        <source>already exists</source>
        <translation>已存在</translation>
    </message>
    <message>
        <source>is a directory</source>
        <translation>是一个目录</translation>
    </message>
</context>
<context>
    <name>DiagnosisView</name>
    <message>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Part</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>Bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>No diagnosis was recorded for this request.</source>
        <translation>这个请求没有诊断记录。</translation>
    </message>
    <message>
        <source>– No profile to try: the message could not be decrypted or checked.</source>
        <translation>– 没有可尝试的配置：无法解密或检查该消息。</translation>
    </message>
    <message>
        <source>✔ Every step that ran passed (%1 not run).</source>
        <translation>✔ 已执行的步骤全部通过（%1 步未执行）。</translation>
    </message>
    <message>
        <source>✔ Every step passed.</source>
        <translation>✔ 所有步骤均通过。</translation>
    </message>
    <message>
        <source>✘ Failed at step “%1”: %2</source>
        <translation>✘ 在“%1”一步失败：%2</translation>
    </message>
</context>
<context>
    <name>EventActions</name>
    <message>
        <source>Export the events shown (filters applied) as pytest fixtures</source>
        <translation>将当前显示的事件（已应用筛选）导出为 pytest 测试数据</translation>
    </message>
    <message>
        <source>Copied a curl command for event #%1; it sends to %2, this console&apos;s listener.</source>
        <translation>已复制事件 #%1 的 curl 命令，它发往本控制台的监听地址 %2。</translation>
    </message>
    <message>
        <source>Export fixtures into folder</source>
        <translation>导出测试数据到文件夹</translation>
    </message>
    <message>
        <source>Exported %1 fixtures to %2 (%3 skipped).</source>
        <translation>已导出 %1 个测试数据到 %2（跳过 %3 个）。</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>失败：%1</translation>
    </message>
</context>
<context>
    <name>EventTableModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Remote</source>
        <translation>来源地址</translation>
    </message>
    <message>
        <source>Handling</source>
        <translation>处理耗时</translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation>重复</translation>
    </message>
    <message>
        <source>ok</source>
        <translation>成功</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>invalid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>policy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>info</source>
        <translation>信息</translation>
    </message>
    <message>
        <source>Repeat of event #%1 (same eventId)</source>
        <translation>重复推送，同事件 #%1（相同 eventId）</translation>
    </message>
</context>
<context>
    <name>EventsView</name>
    <message>
        <source>Search in messages, errors, event types and ids…</source>
        <translation>在消息、错误、事件类型和 ID 中搜索…</translation>
    </message>
    <message>
        <source>searching…</source>
        <translation>搜索中…</translation>
    </message>
    <message>
        <source>All event types</source>
        <translation>全部事件类型</translation>
    </message>
    <message>
        <source>All outcomes</source>
        <translation>全部结果</translation>
    </message>
    <message>
        <source>All profiles</source>
        <translation>全部配置</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Keeping the original requests needs the real credentials: tick “include the real token and aesKey” (the folder then holds secrets), or untick “keep original” to re-seal with a test profile.</source>
        <translation>保留原始请求需要真实凭据：请勾选“包含真实的 token 和 aesKey”（导出的文件夹将包含密钥），或取消“保留原始请求”，改用测试配置重新加密。</translation>
    </message>
    <message>
        <source>The export will hold REAL credentials: keep it private.</source>
        <translation>导出内容将包含真实凭据：请妥善保管。</translation>
    </message>
    <message>
        <source>Events are re-sealed with a generated test profile: no secret leaves the machine.</source>
        <translation>事件将用生成的测试配置重新加密：密钥不会离开本机。</translation>
    </message>
    <message>
        <source>Raw requests and replies are written as captured; no profile secrets are added.</source>
        <translation>按捕获时的原样写出请求和返回；不会加入配置中的密钥。</translation>
    </message>
    <message>
        <source>Folder for the fixtures</source>
        <translation>测试数据所在文件夹</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>导出到</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Export cancelled.</source>
        <translation>导出已取消。</translation>
    </message>
    <message>
        <source>The %1 fixture file(s) it had already written to %2 were removed.</source>
        <translation>已删除本次导出已写入 %2 的 %1 个测试数据文件。</translation>
    </message>
    <message>
        <source>Wrote %1 event(s) to %2.</source>
        <translation>已写出 %1 个事件到 %2。</translation>
    </message>
    <message>
        <source>%1 not decrypted, skipped.</source>
        <translation>%1 个未解密，已跳过。</translation>
    </message>
    <message>
        <source>Replay them with: bash %1 ORIGIN (where to send them, e.g. %2).</source>
        <translation>重放请运行「bash %1 目标地址」（目标地址即请求发往的地址，例如 %2）。</translation>
    </message>
    <message>
        <source>Export events</source>
        <translation>导出事件</translation>
    </message>
    <message>
        <source>Selected events (%1)</source>
        <translation>选中的事件（%1）</translation>
    </message>
    <message>
        <source>Events matching the current filter (%1)</source>
        <translation>符合当前筛选的事件（%1）</translation>
    </message>
    <message>
        <source>All events (%1)</source>
        <translation>全部事件（%1）</translation>
    </message>
    <message>
        <source>Test fixtures (a folder that passes pytest)</source>
        <translation>测试数据（可直接运行 pytest 的文件夹）</translation>
    </message>
    <message>
        <source>JSON Lines (.jsonl)</source>
        <translation>JSON Lines（.jsonl）</translation>
    </message>
    <message>
        <source>curl commands (.sh)</source>
        <translation>curl 命令（.sh）</translation>
    </message>
    <message>
        <source>HAR (browser dev tools, .har)</source>
        <translation>HAR（浏览器开发者工具，.har）</translation>
    </message>
    <message>
        <source>Events:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Destination:</source>
        <translation>保存位置：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Keep the original requests (not re-sealed)</source>
        <translation>保留原始请求（不重新加密）</translation>
    </message>
    <message>
        <source>Include the real token and aesKey</source>
        <translation>包含真实的 token 和 aesKey</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FamilyFilter</name>
    <message>
        <source>Other (not in the catalogue)</source>
        <translation>其他（不在事件目录中）</translation>
    </message>
    <message>
        <source>All event families</source>
        <translation>全部事件类别</translation>
    </message>
</context>
<context>
    <name>HelpDialog</name>
    <message>
        <source>&lt;h2&gt;Setting up DingTalk with DingConsole&lt;/h2&gt;&lt;h3&gt;1. Make a profile&lt;/h3&gt;&lt;p&gt;A profile holds what DingTalk&apos;s event subscription page shows: the &lt;b&gt;token&lt;/b&gt;, the &lt;b&gt;aesKey&lt;/b&gt; (encodingAESKey, 43 letters and digits) and the &lt;b&gt;owner key&lt;/b&gt; — the key DingTalk puts at the end of every encrypted payload:&lt;/p&gt;&lt;ul&gt;&lt;li&gt;apps configured in the developer console: the app&apos;s &lt;b&gt;AppKey&lt;/b&gt; (Client ID, &lt;code&gt;ding…&lt;/code&gt;);&lt;/li&gt;&lt;li&gt;enterprise apps registered with the old &lt;code&gt;register_call_back&lt;/code&gt; API: the &lt;b&gt;CorpId&lt;/b&gt;;&lt;/li&gt;&lt;li&gt;third-party (ISV) apps: the &lt;b&gt;suiteKey&lt;/b&gt;.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Not sure? Paste a captured push into the Workbench: once it decrypts, the console shows the key it was made for.&lt;/p&gt;&lt;h3&gt;2. Expose the listener&lt;/h3&gt;&lt;p&gt;DingTalk&apos;s servers must reach the callback URL. The listener binds to 127.0.0.1 by default, which only this computer can reach. Either bind it to 0.0.0.0 (all interfaces) on a machine with a public address, or keep 127.0.0.1 and run a tunnel (for example a reverse proxy or a tunnelling service) that forwards a public HTTPS URL to the listener&apos;s port. DingTalk does not follow redirects: register the final URL, path included.&lt;/p&gt;&lt;h3&gt;3. The URL check&lt;/h3&gt;&lt;p&gt;When you save the callback URL, DingTalk sends a &lt;code&gt;check_url&lt;/code&gt; event and expects the encrypted &lt;code&gt;success&lt;/code&gt; reply within 1500 ms. The console answers it for the active profile; if DingTalk reports an error, look at the failed step in the Events tab.&lt;/p&gt;&lt;h3&gt;4. Test your own handler&lt;/h3&gt;&lt;p&gt;The Send tab plays DingTalk against any URL (once, duplicate, burst, DingTalk&apos;s retry schedule) and judges each reply as DingTalk does: HTTP 200, the fields &lt;code&gt;msg_signature&lt;/code&gt;, &lt;code&gt;timeStamp&lt;/code&gt;, &lt;code&gt;nonce&lt;/code&gt;, &lt;code&gt;encrypt&lt;/code&gt;, a valid signature, the word &lt;code&gt;success&lt;/code&gt;, the owner key and the time.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;用 DingConsole 配置钉钉回调&lt;/h2&gt;&lt;h3&gt;1. 新建配置&lt;/h3&gt;&lt;p&gt;配置保存钉钉事件订阅页面上显示的内容：&lt;b&gt;token&lt;/b&gt;、&lt;b&gt;aesKey&lt;/b&gt;（encodingAESKey，43 位字母和数字）以及&lt;b&gt;归属 Key&lt;/b&gt;——钉钉附加在每段加密内容末尾的 Key：&lt;/p&gt;&lt;ul&gt;&lt;li&gt;在开发者后台配置的应用：应用的 &lt;b&gt;AppKey&lt;/b&gt;（Client ID，&lt;code&gt;ding…&lt;/code&gt;）；&lt;/li&gt;&lt;li&gt;通过旧的 &lt;code&gt;register_call_back&lt;/code&gt; 接口注册的企业应用：&lt;b&gt;CorpId&lt;/b&gt;；&lt;/li&gt;&lt;li&gt;第三方（ISV）应用：&lt;b&gt;suiteKey&lt;/b&gt;。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;不确定？把捕获的推送粘贴到工作台：一旦解密成功，调试台会显示它实际使用的 Key。&lt;/p&gt;&lt;h3&gt;2. 让钉钉访问到监听器&lt;/h3&gt;&lt;p&gt;钉钉服务器必须能访问回调 URL。监听器默认绑定 127.0.0.1，只有本机能访问。可以在有公网地址的机器上绑定 0.0.0.0（所有网络接口），或者保持 127.0.0.1 并运行一个隧道（例如反向代理或内网穿透服务），把公网 HTTPS 地址转发到监听器的端口。钉钉不跟随重定向：请登记最终的 URL（包括路径）。&lt;/p&gt;&lt;h3&gt;3. URL 验证&lt;/h3&gt;&lt;p&gt;保存回调 URL 时，钉钉会发送一个 &lt;code&gt;check_url&lt;/code&gt; 事件，并要求在 1500 毫秒内收到加密的 &lt;code&gt;success&lt;/code&gt; 返回。调试台会用当前配置回应；如果钉钉报错，请在“事件”页查看失败的步骤。&lt;/p&gt;&lt;h3&gt;4. 测试你自己的处理程序&lt;/h3&gt;&lt;p&gt;“发送”页可以模拟钉钉向任意 URL 推送（一次、重复、并发、按钉钉的重试节奏），并像钉钉一样判断每个返回：HTTP 200、字段 &lt;code&gt;msg_signature&lt;/code&gt;、&lt;code&gt;timeStamp&lt;/code&gt;、&lt;code&gt;nonce&lt;/code&gt;、&lt;code&gt;encrypt&lt;/code&gt;、签名是否正确、是否为单词 &lt;code&gt;success&lt;/code&gt;、归属 Key 以及耗时。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>DingConsole guide</source>
        <translation>DingConsole 使用指南</translation>
    </message>
</context>
<context>
    <name>Hints</name>
    <message>
        <source>Request shape</source>
        <translation>请求格式</translation>
    </message>
    <message>
        <source>Query parameters</source>
        <translation>查询参数</translation>
    </message>
    <message>
        <source>aesKey</source>
        <translation>aesKey</translation>
    </message>
    <message>
        <source>Altered in transit?</source>
        <translation>传输中被改动？</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Base64</source>
        <translation>Base64</translation>
    </message>
    <message>
        <source>AES blocks</source>
        <translation>AES 分组</translation>
    </message>
    <message>
        <source>Decryption and padding</source>
        <translation>解密与填充</translation>
    </message>
    <message>
        <source>Length field</source>
        <translation>长度字段</translation>
    </message>
    <message>
        <source>Owner key</source>
        <translation>归属 Key</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>事件类型</translation>
    </message>
    <message>
        <source>HTTP status</source>
        <translation>HTTP 状态码</translation>
    </message>
    <message>
        <source>Reply fields</source>
        <translation>返回字段</translation>
    </message>
    <message>
        <source>timeStamp</source>
        <translation>timeStamp</translation>
    </message>
    <message>
        <source>Decryption</source>
        <translation>解密</translation>
    </message>
    <message>
        <source>Decrypted text</source>
        <translation>解密文本</translation>
    </message>
    <message>
        <source>Reply time</source>
        <translation>响应时间</translation>
    </message>
    <message>
        <source>Timeout</source>
        <translation>超时</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Redirect</source>
        <translation>重定向</translation>
    </message>
    <message>
        <source>Diagnosis</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机数</translation>
    </message>
    <message>
        <source>length</source>
        <translation>长度</translation>
    </message>
    <message>
        <source>message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>owner_key</source>
        <translation>归属 Key</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Set the profile&apos;s owner key to %1. DingTalk appends the AppKey for apps configured in the developer console, the CorpId for apps registered with register_call_back, and the suiteKey for third-party (ISV) apps.</source>
        <translation>请把配置的归属 Key 改为 %1。钉钉在加密内容末尾附加的 Key：开发者后台配置的应用用 AppKey，通过 register_call_back 注册的企业应用用 CorpId，第三方（ISV）应用用 suiteKey。</translation>
    </message>
    <message>
        <source>Sign the reply&apos;s own timeStamp, nonce and encrypt (not the request&apos;s) with the token: sort the four strings byte-wise, join them, SHA-1, lowercase hex.</source>
        <translation>用 token 对返回内容自己的 timeStamp、nonce 和 encrypt（不是请求里的）签名：四个字符串按字节序排序后直接拼接，做 SHA-1，输出小写十六进制。</translation>
    </message>
    <message>
        <source>The reply took %1 ms; DingTalk waits %2 ms. Reply first and do slow work afterwards (a queue or a background task), or DingTalk gives up and retries.</source>
        <translation>返回耗时 %1 毫秒，钉钉只等待 %2 毫秒。请先返回，再处理耗时的工作（放入队列或后台任务），否则钉钉会放弃并重试。</translation>
    </message>
    <message>
        <source>DingTalk posts a JSON body {&quot;encrypt&quot;: &quot;...&quot;}; paste the whole request.</source>
        <translation>钉钉以 JSON 请求体 {&quot;encrypt&quot;: &quot;...&quot;} 推送；请粘贴完整的请求。</translation>
    </message>
    <message>
        <source>DingTalk puts signature (msg_signature), timestamp and nonce in the URL query of every push.</source>
        <translation>钉钉每次推送都会在 URL 查询参数中带上 signature（msg_signature）、timestamp 和 nonce。</translation>
    </message>
    <message>
        <source>The token is wrong (the token, not the aesKey): copy it again from the event subscription page.</source>
        <translation>token 不对（是 token，不是 aesKey）：请从事件订阅页面重新复制。</translation>
    </message>
    <message>
        <source>Copy the encrypt value exactly; URL-decode it if it came from a query string.</source>
        <translation>请原样复制 encrypt 的值；如果取自 URL 查询参数，请先做 URL 解码。</translation>
    </message>
    <message>
        <source>The encrypt value was truncated or altered in transit.</source>
        <translation>encrypt 的值在传输中被截断或改动了。</translation>
    </message>
    <message>
        <source>The aesKey does not fit this payload: copy the aesKey (encodingAESKey) again.</source>
        <translation>aesKey 与这段密文不匹配：请重新复制 aesKey（encodingAESKey）。</translation>
    </message>
    <message>
        <source>The aesKey differs, or the sender counted characters instead of UTF-8 bytes.</source>
        <translation>aesKey 不一致，或者发送方按字符数而不是 UTF-8 字节数计算了长度。</translation>
    </message>
    <message>
        <source>The sender counted characters instead of UTF-8 bytes, or the payload is not text.</source>
        <translation>发送方按字符数而不是 UTF-8 字节数计算了长度，或者内容不是文本。</translation>
    </message>
    <message>
        <source>The payload decrypted, but the message is not the JSON an event should be.</source>
        <translation>解密成功，但消息不是事件应有的 JSON。</translation>
    </message>
    <message>
        <source>Every DingTalk callback names its EventType; this payload was not made by DingTalk.</source>
        <translation>钉钉的每个回调都带有 EventType；这段内容不是钉钉生成的。</translation>
    </message>
    <message>
        <source>The aesKey must be exactly 43 letters and digits, as shown on the event subscription page.</source>
        <translation>aesKey 必须是 43 位字母和数字，与事件订阅页面显示的一致。</translation>
    </message>
    <message>
        <source>DingTalk gives up after 1500 ms; the handler must answer well within that.</source>
        <translation>钉钉 1500 毫秒后放弃；回调处理程序必须在此之前返回。</translation>
    </message>
    <message>
        <source>Start the handler and check the host and port; DingTalk reports this as 71012 (url地址访问异常).</source>
        <translation>请启动回调处理程序并检查主机和端口；钉钉会报 71012（url地址访问异常）。</translation>
    </message>
    <message>
        <source>The handler closed the connection or answered something that is not HTTP.</source>
        <translation>回调处理程序关闭了连接，或返回的不是 HTTP。</translation>
    </message>
    <message>
        <source>DingTalk does not follow redirects: register the final URL (scheme, host, path, trailing slash).</source>
        <translation>钉钉不跟随重定向：请登记最终的 URL（协议、主机、路径、末尾斜杠）。</translation>
    </message>
    <message>
        <source>DingTalk wants exactly {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;}.</source>
        <translation>钉钉要求返回的恰好是 {&quot;msg_signature&quot;, &quot;timeStamp&quot;, &quot;nonce&quot;, &quot;encrypt&quot;}。</translation>
    </message>
    <message>
        <source>%1 Wrong or missing: %2. Compare with the correct reply.</source>
        <translation>%1 错误或缺少的字段：%2。请对照正确的返回内容。</translation>
    </message>
    <message>
        <source>Answer HTTP 200 once the push is handled, even for events you ignore; DingTalk needs no redirect.</source>
        <translation>推送处理完后返回 HTTP 200，即使是不关心的事件也一样；不要重定向。</translation>
    </message>
    <message>
        <source>%1 Encrypt the word success and send the signed JSON, serialised once.</source>
        <translation>%1 请加密单词 success，并返回签名后的 JSON（只序列化一次）。</translation>
    </message>
    <message>
        <source>Use the current Unix time as a string of digits, for example str(int(time.time() * 1000)).</source>
        <translation>请使用当前 Unix 时间的数字字符串，例如 str(int(time.time() * 1000))。</translation>
    </message>
    <message>
        <source>Encrypt exactly the word success.</source>
        <translation>请只加密单词 success。</translation>
    </message>
    <message>
        <source>Event fields</source>
        <translation>事件字段</translation>
    </message>
    <message>
        <source>Not an error: DingTalk adds fields over time and leaves some out. Make sure the handler does not depend on these fields as written in an older sample; the documentation is at %1.</source>
        <translation>这不是错误：钉钉会随时间新增字段，也会省略部分字段。请确认处理程序没有依赖旧示例中这些字段的写法；文档见 %1。</translation>
    </message>
</context>
<context>
    <name>ImportEvents</name>
    <message>
        <source>Import events</source>
        <translation>导入事件</translation>
    </message>
    <message>
        <source>DingConsole exports (*.jsonl *.har *.json);;All files (*)</source>
        <translation>DingConsole 导出文件 (*.jsonl *.har *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Imported %1 event(s).</source>
        <translation>已导入 %1 个事件。</translation>
    </message>
    <message>
        <source>Import a fixtures folder</source>
        <translation>导入测试数据文件夹</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>Typed in</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>typed in</source>
        <translation>手动输入</translation>
    </message>
    <message>
        <source>Type the plaintext to encrypt, e.g. an event JSON or the word success.</source>
        <translation>输入要加密的明文，例如事件 JSON 或单词 success。</translation>
    </message>
    <message>
        <source>Paste anything: a curl command, a raw HTTP request, the JSON body {&quot;encrypt&quot;: …}, the callback URL, a bare encrypt value, or your server&apos;s reply.</source>
        <translation>粘贴任何内容：curl 命令、原始 HTTP 请求、JSON 请求体 {&quot;encrypt&quot;: …}、回调 URL、单独的 encrypt 值，或你的服务器返回的内容。</translation>
    </message>
    <message>
        <source>Automatic (decrypt a push, check a reply)</source>
        <translation>自动（解密推送、检查返回）</translation>
    </message>
    <message>
        <source>Decrypt and diagnose</source>
        <translation>解密并诊断</translation>
    </message>
    <message>
        <source>Encrypt plaintext</source>
        <translation>加密明文</translation>
    </message>
    <message>
        <source>Sign / verify signature</source>
        <translation>签名 / 验证签名</translation>
    </message>
    <message>
        <source>Check a reply as DingTalk does</source>
        <translation>按钉钉的方式检查返回内容</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>操作：</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Credentials</source>
        <translation>凭据</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>Token：</translation>
    </message>
    <message>
        <source>aesKey:</source>
        <translation>aesKey：</translation>
    </message>
    <message>
        <source>Owner key:</source>
        <translation>归属 Key：</translation>
    </message>
    <message>
        <source>AppKey, CorpId or suiteKey</source>
        <translation>AppKey、CorpId 或 suiteKey</translation>
    </message>
    <message>
        <source>Show secrets</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Try all profiles</source>
        <translation>尝试所有配置</translation>
    </message>
    <message>
        <source>Try every saved profile and name the one whose keys fit.</source>
        <translation>逐一尝试所有已保存的配置，并指出密钥匹配的那个。</translation>
    </message>
</context>
<context>
    <name>JsonTreeView</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation>复制值</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>复制路径</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>全部折叠</translation>
    </message>
</context>
<context>
    <name>ListenerControls</name>
    <message>
        <source>Listener</source>
        <translation>监听器</translation>
    </message>
    <message>
        <source>Profile: </source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the callback URL to paste into the DingTalk console</source>
        <translation>复制回调 URL，粘贴到钉钉开发者后台</translation>
    </message>
    <message>
        <source>Accept pushes from other machines (bind all interfaces)</source>
        <translation>接受其他机器的推送（绑定所有网络接口）</translation>
    </message>
    <message>
        <source>Listen on address…</source>
        <translation>监听地址…</translation>
    </message>
    <message>
        <source>any port</source>
        <translation>任意端口</translation>
    </message>
    <message>
        <source>port </source>
        <translation>端口 </translation>
    </message>
    <message>
        <source>The listener&apos;s port (any port: a free one is chosen at Start)</source>
        <translation>监听器端口（任意端口：启动时自动选择一个空闲端口）</translation>
    </message>
    <message>
        <source>Reply success (correct)</source>
        <translation>返回 success（正确）</translation>
    </message>
    <message>
        <source>Reply sealed non-success (DingTalk retries)</source>
        <translation>返回加密的非 success 内容（钉钉会重试）</translation>
    </message>
    <message>
        <source>Reply success after %1 ms (too slow)</source>
        <translation>%1 毫秒后返回 success（太慢）</translation>
    </message>
    <message>
        <source>Reply HTTP 500</source>
        <translation>返回 HTTP 500</translation>
    </message>
    <message>
        <source>Close the connection without a reply</source>
        <translation>不返回，直接关闭连接</translation>
    </message>
    <message>
        <source>How the listener answers valid pushes</source>
        <translation>监听器如何回应有效推送</translation>
    </message>
    <message>
        <source>Pause auto-scroll</source>
        <translation>暂停自动滚动</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Delete every captured event</source>
        <translation>删除所有捕获的事件</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Profile %1 cannot answer and was skipped: %2</source>
        <translation>配置 %1 无法应答，已跳过：%2</translation>
    </message>
    <message>
        <source>delay %1 ms</source>
        <translation>延迟 %1 毫秒</translation>
    </message>
    <message>
        <source>success</source>
        <translation>success（成功）</translation>
    </message>
    <message>
        <source>non-success</source>
        <translation>非 success</translation>
    </message>
    <message>
        <source>HTTP 500</source>
        <translation>HTTP 500</translation>
    </message>
    <message>
        <source>close</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Listen on address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Bind address (127.0.0.1: this machine only; 0.0.0.0: every interface):</source>
        <translation>绑定地址（127.0.0.1：仅本机；0.0.0.0：所有网络接口）：</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Stop the listener</source>
        <translation>停止监听器</translation>
    </message>
    <message>
        <source>Start the callback listener</source>
        <translation>启动回调监听器</translation>
    </message>
    <message>
        <source>Each profile has its own path, /api/callback/&lt;profile name&gt; (or the profile&apos;s callback path): pushes there are checked with that profile. /api/callback (as in the README) works too and is answered by the active profile.</source>
        <translation>每个配置都有自己的路径 /api/callback/&lt;配置名&gt;（或配置中设置的回调路径）：发到那里的推送用该配置检查。/api/callback（即 README 中的地址）同样可用，由当前配置应答。</translation>
    </message>
    <message>
        <source>not listening</source>
        <translation>未在监听</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>Reply: %1</source>
        <translation>返回：%1</translation>
    </message>
    <message>
        <source>Status page details for hosts…</source>
        <translation>状态页对哪些主机显示详情…</translation>
    </message>
    <message>
        <source>Status page details</source>
        <translation>状态页详情</translation>
    </message>
    <message>
        <source>Host names whose visitors may see the profile on the status page (127.0.0.1 and localhost always may). Add a tunnel&apos;s name only if everyone who can reach it may see it:</source>
        <translation>哪些主机名的访问者可以在状态页上看到配置（127.0.0.1 和 localhost 总是可以）。只有当所有能访问该隧道的人都可以看到时，才添加隧道的主机名：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>DingConsole — DingTalk callback console</source>
        <translation>DingConsole — 钉钉回调调试台</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Profiles…</source>
        <translation>配置管理(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Newest events at the bottom</source>
        <translation>最新事件显示在底部</translation>
    </message>
    <message>
        <source>&amp;About DingConsole</source>
        <translation>关于 DingConsole(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Import events…</source>
        <translation>导入事件(&amp;I)…</translation>
    </message>
    <message>
        <source>Import &amp;fixtures folder…</source>
        <translation>导入测试数据文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Retention…</source>
        <translation>保留策略(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Guide: setting up DingTalk</source>
        <translation>使用指南：配置钉钉(&amp;G)</translation>
    </message>
    <message>
        <source>Events</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>配置管理</translation>
    </message>
    <message>
        <source>Clear events</source>
        <translation>清空事件</translation>
    </message>
    <message>
        <source>Delete all %1 captured events?</source>
        <translation>删除全部 %1 个捕获的事件？</translation>
    </message>
    <message>
        <source>The listener did not start: %1</source>
        <translation>监听未能启动：%1</translation>
    </message>
    <message>
        <source>The listener could not start on %1: %2. Choose another port in the toolbar (any port: a free one) and press Start. Earlier events, the Workbench and the Send tab work meanwhile.</source>
        <translation>监听器无法在 %1 上启动：%2。请在工具栏中选择其他端口（任意端口：自动选择空闲端口）后点击“启动”。在此期间，历史事件、工作台和发送页仍可使用。</translation>
    </message>
    <message>
        <source>Another listener records into this event store too (a “dingconsole serve” on the same home?): its events appear here beside this window&apos;s. Two listeners on one store is fine for reading, but DingTalk pushes to one URL: check which one it reaches.</source>
        <translation>另一个监听器也在向这个事件库写入（同一数据目录下的“dingconsole serve”？）：它的事件会和本窗口的一起显示在这里。两个监听器共用一个事件库不影响查看，但钉钉只推送到一个地址：请确认推送到达的是哪一个。</translation>
    </message>
    <message>
        <source>● listening</source>
        <translation>● 监听中</translation>
    </message>
    <message>
        <source>○ stopped</source>
        <translation>○ 已停止</translation>
    </message>
    <message>
        <source>port %1</source>
        <translation>端口 %1</translation>
    </message>
    <message>
        <source>%1 events, %2 errors</source>
        <translation>%1 个事件，%2 个错误</translation>
    </message>
    <message>
        <source>last event %1</source>
        <translation>最近事件 %1</translation>
    </message>
    <message>
        <source>No profile yet. Open File → Profiles… and add the owner key (AppKey, CorpId or suiteKey), token and aesKey of your DingTalk app — or generate a fresh token and aesKey there. Then start the listener and paste its URL into the event subscription page.</source>
        <translation>还没有配置。请打开“文件 → 配置管理…”，填入钉钉应用的归属 Key（AppKey、CorpId 或 suiteKey）、token 和 aesKey——也可以在那里生成新的 token 和 aesKey。然后启动监听，把监听地址填到事件订阅页面。</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <source>No event matches the filters.</source>
        <translation>没有符合筛选条件的事件。</translation>
    </message>
    <message>
        <source>No events yet. Start the listener to receive DingTalk pushes.</source>
        <translation>还没有事件。启动监听即可接收钉钉推送。</translation>
    </message>
    <message>
        <source>No events yet. Paste the listening URL into DingTalk&apos;s event subscription page (Help → Guide: setting up DingTalk explains how to expose it), or send a test push from the Send tab.</source>
        <translation>还没有事件。把监听地址填到钉钉的事件订阅页面（“帮助 → 使用指南：配置钉钉”说明了如何让钉钉访问到它），或在“发送”页发一条测试推送。</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source>✔ Sealed and opened a sample push and a reply (owner key %1).</source>
        <translation>✔ 已加密并解开一次示例推送和一个返回（归属 Key %1）。</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>配置管理</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Show secrets</source>
        <translation>显示密钥</translation>
    </message>
    <message>
        <source>Generate token and aesKey</source>
        <translation>生成 token 和 aesKey</translation>
    </message>
    <message>
        <source>Fresh random values, for setting up a new app in the DingTalk console</source>
        <translation>新的随机值，用于在钉钉开发者后台配置新应用</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Seal a sample push with this profile and open it again</source>
        <translation>用此配置加密一次示例推送并重新解开</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Owner key</source>
        <translation>归属 Key</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>aesKey</source>
        <translation>aesKey</translation>
    </message>
    <message>
        <source>App secret</source>
        <translation>AppSecret</translation>
    </message>
    <message>
        <source>Suite ticket</source>
        <translation>suiteTicket（套件票据）</translation>
    </message>
    <message>
        <source>Authorising CorpId</source>
        <translation>授权企业 CorpId</translation>
    </message>
    <message>
        <source>Permanent code</source>
        <translation>永久授权码</translation>
    </message>
    <message>
        <source>Callback path</source>
        <translation>回调路径</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>AppKey (Client ID), CorpId or suiteKey</source>
        <translation>AppKey（Client ID）、CorpId 或 suiteKey</translation>
    </message>
    <message>
        <source>43 letters and digits</source>
        <translation>43 位字母和数字</translation>
    </message>
    <message>
        <source>optional, e.g. /api/callback</source>
        <translation>可选，例如 /api/callback</translation>
    </message>
    <message>
        <source>ISV suites: for the failed-push list</source>
        <translation>第三方应用套件：用于拉取推送失败的事件</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The profile “%1” has unsaved changes. Save them?</source>
        <translation>配置“%1”有未保存的更改。要保存吗？</translation>
    </message>
    <message>
        <source>Duplicated as %1.</source>
        <translation>已复制为 %1。</translation>
    </message>
    <message>
        <source>Deleted %1.</source>
        <translation>已删除 %1。</translation>
    </message>
    <message>
        <source>Delete the profile “%1”? Its token and aesKey are lost.</source>
        <translation>删除配置“%1”？其 token 和 aesKey 将丢失。</translation>
    </message>
    <message>
        <source>The running listener answers DingTalk with this profile at %1; pushes sent there will fail after it is deleted.</source>
        <translation>正在运行的监听器正以此配置在 %1 应答钉钉；删除后发往该地址的推送将会失败。</translation>
    </message>
    <message>
        <source>Delete profile</source>
        <translation>删除配置</translation>
    </message>
    <message>
        <source>This looks like %1.</source>
        <translation>这看起来是%1。</translation>
    </message>
    <message>
        <source>Required: the encodingAesKey, 43 characters.</source>
        <translation>必填：encodingAesKey，43 个字符。</translation>
    </message>
    <message>
        <source>✔ a valid 32-byte key</source>
        <translation>✔ 有效的 32 字节密钥</translation>
    </message>
    <message>
        <source>Generated a fresh token; enter it in the DingTalk console too.</source>
        <translation>已生成新的 token；请同时在钉钉开发者后台填入。</translation>
    </message>
    <message>
        <source>Generated a fresh token and aesKey; enter them in the DingTalk console too.</source>
        <translation>已生成新的 token 和 aesKey；也请把它们填到钉钉开发者后台。</translation>
    </message>
    <message>
        <source>✘ A profile named %1 exists; choose another name.</source>
        <translation>✘ 已有名为 %1 的配置，请换一个名称。</translation>
    </message>
    <message>
        <source>No changes.</source>
        <translation>没有改动。</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>Use a generated token</source>
        <translation>使用生成的 token</translation>
    </message>
    <message>
        <source>Weak token (only digits): one captured push reveals it offline in seconds.</source>
        <translation>弱 token（只有数字）：任何人拿到一条推送，几秒内就能离线算出它。</translation>
    </message>
    <message>
        <source>Weak token (under %1 characters): one captured push reveals it offline in seconds.</source>
        <translation>弱 token（少于 %1 个字符）：任何人拿到一条推送，几秒内就能离线算出它。</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Paste something on the left; the result appears here as you type.</source>
        <translation>在左侧粘贴内容，结果会随输入实时显示在这里。</translation>
    </message>
    <message>
        <source>✘ Failed at “%1”: %2</source>
        <translation>✘ 在“%1”一步失败：%2</translation>
    </message>
    <message>
        <source>Enter credentials or pick a profile: there is nothing to try yet.</source>
        <translation>请输入凭据或选择一个配置：目前没有可尝试的内容。</translation>
    </message>
    <message>
        <source>✔ Decrypted with profile “%1” (no query: the signature was not checked).</source>
        <translation>✔ 已用配置“%1”解密（没有查询参数：未检查签名）。</translation>
    </message>
    <message>
        <source>✔ Decrypted and verified with profile “%1”.</source>
        <translation>✔ 已用配置“%1”解密并验证。</translation>
    </message>
    <message>
        <source>✔ Encrypted with profile “%1”: the sealed JSON is below.</source>
        <translation>✔ 已用配置“%1”加密：封装后的 JSON 见下方。</translation>
    </message>
    <message>
        <source>✔ Signature computed.</source>
        <translation>✔ 签名已计算。</translation>
    </message>
    <message>
        <source>✔ DingTalk accepts this reply (profile “%1”).</source>
        <translation>✔ 钉钉会接受这个返回（配置“%1”）。</translation>
    </message>
    <message>
        <source>Decrypted message:</source>
        <translation>解密后的消息：</translation>
    </message>
    <message>
        <source>Sealed JSON (msg_signature, timeStamp, nonce, encrypt):</source>
        <translation>封装后的 JSON（msg_signature、timeStamp、nonce、encrypt）：</translation>
    </message>
    <message>
        <source>Signed query:</source>
        <translation>签名后的查询参数：</translation>
    </message>
    <message>
        <source>The correct reply, for comparison:</source>
        <translation>正确的返回内容（供对照）：</translation>
    </message>
    <message>
        <source>Output:</source>
        <translation>输出：</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
</context>
<context>
    <name>SendTab</name>
    <message>
        <source>a value was expected</source>
        <translation>此处应为一个值</translation>
    </message>
    <message>
        <source>a field name in double quotes was expected</source>
        <translation>此处应为双引号括起的字段名</translation>
    </message>
    <message>
        <source>a comma was expected</source>
        <translation>此处应为逗号</translation>
    </message>
    <message>
        <source>a colon was expected</source>
        <translation>此处应为冒号</translation>
    </message>
    <message>
        <source>more text after the JSON value</source>
        <translation>JSON 值之后还有多余内容</translation>
    </message>
    <message>
        <source>a string is not closed</source>
        <translation>字符串没有闭合</translation>
    </message>
    <message>
        <source>a control character inside a string</source>
        <translation>字符串中含有控制字符</translation>
    </message>
    <message>
        <source>an invalid backslash escape</source>
        <translation>无效的反斜杠转义</translation>
    </message>
    <message>
        <source>an invalid \u escape</source>
        <translation>无效的 \u 转义</translation>
    </message>
    <message>
        <source>Nothing sent yet: each delivery&apos;s checks appear here.</source>
        <translation>尚未发送：每次投递的检查结果会显示在这里。</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>正在发送…</translation>
    </message>
    <message>
        <source>Captured event %1</source>
        <translation>捕获的事件 %1</translation>
    </message>
    <message>
        <source>✔ valid JSON</source>
        <translation>✔ JSON 有效</translation>
    </message>
    <message>
        <source>✘ not valid JSON (line %1, column %2): %3</source>
        <translation>✘ JSON 无效（第 %1 行，第 %2 列）：%3</translation>
    </message>
    <message>
        <source>✘ enter the callback URL (http:// or https://)</source>
        <translation>✘ 请输入回调 URL（http:// 或 https://）</translation>
    </message>
    <message>
        <source>✘ add a profile first: the event is sealed with its keys</source>
        <translation>✘ 请先添加配置：事件要用它的密钥加密</translation>
    </message>
    <message>
        <source>%1 of %2 deliveries accepted.</source>
        <translation>%2 次投递中有 %1 次被接受。</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Event:</source>
        <translation>事件：</translation>
    </message>
    <message>
        <source>Callback URL:</source>
        <translation>回调 URL：</translation>
    </message>
    <message>
        <source>Profile:</source>
        <translation>配置：</translation>
    </message>
    <message>
        <source>Delivery:</source>
        <translation>投递方式：</translation>
    </message>
    <message>
        <source>Fresh values</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Render the template again with new IDs and times.</source>
        <translation>用新的 ID 和时间重新生成模板内容。</translation>
    </message>
    <message>
        <source>Once</source>
        <translation>一次</translation>
    </message>
    <message>
        <source>Duplicate (the same event twice)</source>
        <translation>重复（同一事件发送两次）</translation>
    </message>
    <message>
        <source>Burst (N at the same time)</source>
        <translation>并发（同时发送 N 次）</translation>
    </message>
    <message>
        <source>DingTalk&apos;s retry schedule (10 s, 30 s)</source>
        <translation>钉钉重试节奏（10 秒、30 秒）</translation>
    </message>
    <message>
        <source>N:</source>
        <translation>N：</translation>
    </message>
    <message>
        <source>time scale:</source>
        <translation>时间倍率：</translation>
    </message>
    <message>
        <source>1 waits DingTalk&apos;s real 10 s and 30 s; 0.01 waits 0.1 s and 0.3 s.</source>
        <translation>1 表示按钉钉真实的 10 秒和 30 秒等待；0.01 表示等待 0.1 秒和 0.3 秒。</translation>
    </message>
    <message>
        <source>Replay the captured bytes exactly</source>
        <translation>按原始字节原样重放</translation>
    </message>
    <message>
        <source>Send the captured request as it was, instead of sealing the edited text.</source>
        <translation>原样发送捕获的请求，而不是加密编辑后的文本。</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>第几次</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>ms (budget 1500)</source>
        <translation>毫秒（上限 1500）</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>判定</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>The home folder cannot be used (%1). Window settings, profiles and events are kept in a temporary folder for this session only (%2); everything else works. Start with --home DIR (a writable folder) to keep them.</source>
        <translation>无法使用主目录（%1）。窗口设置、配置和事件仅在本次会话中保存在临时文件夹（%2）；其他功能均正常。若要保留它们，请用 --home 加一个可写文件夹启动。</translation>
    </message>
    <message>
        <source>The profiles file cannot be read: %1 Fix or remove it — the window picks it up at once. Until then no profile is loaded; the Workbench takes typed-in credentials.</source>
        <translation>无法读取配置文件：%1 请修复或删除该文件——窗口会立即重新载入。在此之前不加载任何配置；工作台可使用手动输入的凭据。</translation>
    </message>
    <message>
        <source>Profiles cannot be kept in the home folder (%1); they last for this session only.</source>
        <translation>无法在主目录中保存配置（%1）；配置仅在本次会话中有效。</translation>
    </message>
    <message>
        <source>The event store cannot be opened (%1). Captured events go to a temporary store for this session only (%2); the listener, Workbench and Send tab work as usual.</source>
        <translation>无法打开事件库（%1）。捕获的事件仅在本次会话中存入临时事件库（%2）；监听器、工作台和发送页照常可用。</translation>
    </message>
    <message>
        <source>The event store is read-only (%1): earlier events can be browsed, searched and exported, and the Workbench and Send tab work, but the listener cannot record new pushes. Make the folder writable or start with --home DIR.</source>
        <translation>事件库为只读（%1）：仍可浏览、搜索和导出历史事件，工作台和发送页也可使用，但监听器无法记录新的推送。请使该文件夹可写，或用 --home 加一个可写文件夹启动。</translation>
    </message>
    <message>
        <source>No Chinese font is installed.</source>
        <translation>未安装中文字体。</translation>
    </message>
</context>
<context>
    <name>StepDetails</name>
    <message>
        <source>(empty)</source>
        <translation>（空）</translation>
    </message>
    <message>
        <source>a suiteKey of a third-party app</source>
        <translation>第三方应用的 suiteKey</translation>
    </message>
    <message>
        <source>a CorpId, used by apps registered with register_call_back</source>
        <translation>CorpId，用于通过 register_call_back 注册的应用</translation>
    </message>
    <message>
        <source>an AppKey (Client ID)</source>
        <translation>AppKey（Client ID）</translation>
    </message>
    <message>
        <source>an unrecognised key</source>
        <translation>无法识别的 Key</translation>
    </message>
    <message>
        <source>msg_signature is wrong: expected %1, received %2</source>
        <translation>msg_signature 错误：应为 %1，收到 %2</translation>
    </message>
    <message>
        <source>signature mismatch: the token of profile “%3” gives %1, received %2</source>
        <translation>签名不符：按配置“%3”的 token 应为 %1，实际收到 %2</translation>
    </message>
    <message>
        <source>signature mismatch: expected %1, received %2</source>
        <translation>签名不符：应为 %1，实际收到 %2</translation>
    </message>
    <message>
        <source>the reply was made for %1 (%2), the profile has %3</source>
        <translation>返回是为 %1（%2）加密的，而配置中是 %3</translation>
    </message>
    <message>
        <source>made for %1, profile “%2” has %3 — AppKey vs CorpId vs suiteKey (payload key %4, %5)</source>
        <translation>密文是为 %1 加密的，配置“%2”填的是 %3 —— 请分清 AppKey、CorpId 与 suiteKey（密文中的 Key 为 %4，%5）</translation>
    </message>
    <message>
        <source>the payload was made for %1, the profile has %2</source>
        <translation>密文是为 %1 加密的，配置中是 %2</translation>
    </message>
    <message>
        <source>the plaintext is empty</source>
        <translation>解密后的明文为空</translation>
    </message>
    <message>
        <source>the padding of %1 bytes is not uniform</source>
        <translation>%1 字节的填充不一致</translation>
    </message>
    <message>
        <source>the last byte is %1, not a padding value 1..32</source>
        <translation>最后一个字节是 %1，不是 1..32 之间的填充值</translation>
    </message>
    <message>
        <source>the plaintext has %1 bytes, fewer than the 20-byte header</source>
        <translation>明文只有 %1 字节，不足 20 字节的头部</translation>
    </message>
    <message>
        <source>the length field says %1 bytes but only %2 follow</source>
        <translation>长度字段声明 %1 字节，但后面只有 %2 字节</translation>
    </message>
    <message>
        <source>the message is not UTF-8 (byte %1 of %2)</source>
        <translation>消息不是有效的 UTF-8（%2 字节中的第 %1 字节）</translation>
    </message>
    <message>
        <source>the aesKey has %1 characters, expected 43</source>
        <translation>aesKey 有 %1 个字符，应为 43 个</translation>
    </message>
    <message>
        <source>aesKey character %1 is %2; only A–Z, a–z and 0–9 are allowed</source>
        <translation>aesKey 第 %1 个字符是 %2；只允许 A–Z、a–z 和 0–9</translation>
    </message>
    <message>
        <source>encrypt is not base64: character %1 is %2</source>
        <translation>encrypt 不是 base64：第 %1 个字符是 %2</translation>
    </message>
    <message>
        <source>encrypt is empty</source>
        <translation>encrypt 为空</translation>
    </message>
    <message>
        <source>the ciphertext is %1 bytes, not a whole number of 16-byte AES blocks</source>
        <translation>密文有 %1 字节，不是 16 字节 AES 块的整数倍</translation>
    </message>
    <message>
        <source>the query is missing %1</source>
        <translation>URL 查询参数缺少 %1</translation>
    </message>
    <message>
        <source>the message is not JSON: %1</source>
        <translation>消息不是 JSON：%1</translation>
    </message>
    <message>
        <source>the message is JSON but not an object</source>
        <translation>消息是 JSON，但不是对象</translation>
    </message>
    <message>
        <source>the message has no EventType field</source>
        <translation>消息没有 EventType 字段</translation>
    </message>
    <message>
        <source>answered in %1 ms, over the %2 ms budget</source>
        <translation>用时 %1 ms，超过了 %2 ms 的时限</translation>
    </message>
    <message>
        <source>cannot connect to %1: connection refused</source>
        <translation>无法连接 %1：连接被拒绝</translation>
    </message>
    <message>
        <source>cannot connect to %1: %2</source>
        <translation>无法连接 %1：%2</translation>
    </message>
    <message>
        <source>no reply within %1 s (timeout)</source>
        <translation>%1 秒内没有回复（超时）</translation>
    </message>
    <message>
        <source>HTTP error: %1</source>
        <translation>HTTP 错误：%1</translation>
    </message>
    <message>
        <source>nowhere</source>
        <translation>（无目标）</translation>
    </message>
    <message>
        <source>redirected (%1) to %2: DingTalk does not follow redirects</source>
        <translation>被重定向（%1）到 %2：钉钉不跟随重定向</translation>
    </message>
    <message>
        <source>✔ DingTalk accepts this reply</source>
        <translation>✔ 钉钉会接受这个返回</translation>
    </message>
    <message>
        <source>the body is empty</source>
        <translation>请求体为空</translation>
    </message>
    <message>
        <source>the body is not JSON: %1</source>
        <translation>请求体不是 JSON：%1</translation>
    </message>
    <message>
        <source>the body has no “encrypt” string</source>
        <translation>请求体中没有“encrypt”字符串</translation>
    </message>
    <message>
        <source>HTTP %1: a redirect</source>
        <translation>HTTP %1：重定向</translation>
    </message>
    <message>
        <source>HTTP %1, DingTalk needs 200</source>
        <translation>HTTP %1，钉钉要求 200</translation>
    </message>
    <message>
        <source>Reply fields: </source>
        <translation>返回字段：</translation>
    </message>
    <message>
        <source>wrong or missing reply fields: %1</source>
        <translation>返回字段错误或缺失：%1</translation>
    </message>
    <message>
        <source>the reply body is empty</source>
        <translation>返回内容为空</translation>
    </message>
    <message>
        <source>the reply is the plain text “success”, not the encrypted JSON</source>
        <translation>返回的是纯文本“success”，而不是加密后的 JSON</translation>
    </message>
    <message>
        <source>the reply is JSON encoded twice (a JSON string holding the object)</source>
        <translation>返回的 JSON 被编码了两次（一个包含对象的 JSON 字符串）</translation>
    </message>
    <message>
        <source>the reply is not JSON</source>
        <translation>返回内容不是 JSON</translation>
    </message>
    <message>
        <source>the reply is JSON but not an object</source>
        <translation>返回内容是 JSON，但不是对象</translation>
    </message>
    <message>
        <source>timeStamp is not a time in seconds or milliseconds</source>
        <translation>timeStamp 不是以秒或毫秒表示的时间</translation>
    </message>
    <message>
        <source>encrypt decrypts to %1, not “success”</source>
        <translation>encrypt 解密后是 %1，而不是“success”</translation>
    </message>
    <message>
        <source>`%1` should be `%2`</source>
        <translation>`%1` 应为 `%2`</translation>
    </message>
    <message>
        <source>`%1` is not expected</source>
        <translation>不应有 `%1`</translation>
    </message>
    <message>
        <source>`%1` is missing</source>
        <translation>缺少 `%1`</translation>
    </message>
    <message>
        <source>`%1` is a %2, not a string</source>
        <translation>`%1` 是 %2，不是字符串</translation>
    </message>
    <message>
        <source>body has an encrypt value of %1 characters</source>
        <translation>请求体的 encrypt 值共 %1 个字符</translation>
    </message>
    <message>
        <source> (method is %1; DingTalk POSTs)</source>
        <translation>（请求方法为 %1；钉钉使用 POST）</translation>
    </message>
    <message>
        <source>%1, timestamp %2, nonce %3</source>
        <translation>%1，时间戳 %2，nonce %3</translation>
    </message>
    <message>
        <source>matches the token of profile %1</source>
        <translation>与配置 %1 的 token 相符</translation>
    </message>
    <message>
        <source> (over the repaired value)</source>
        <translation>（对修复后的值）</translation>
    </message>
    <message>
        <source>decodes to %1 bytes</source>
        <translation>解码为 %1 字节</translation>
    </message>
    <message>
        <source>%1 AES blocks of 16 bytes</source>
        <translation>%1 个 16 字节的 AES 块</translation>
    </message>
    <message>
        <source>the aesKey of “%1” decrypts; PKCS#7 pad value %2</source>
        <translation>配置“%1”的 aesKey 可以解密；PKCS#7 填充值为 %2</translation>
    </message>
    <message>
        <source>the length field declares %1 bytes; they are valid UTF-8</source>
        <translation>长度字段声明 %1 字节，均为有效的 UTF-8</translation>
    </message>
    <message>
        <source>made for %1 (%2), as the profile says</source>
        <translation>为 %1（%2）加密，与配置一致</translation>
    </message>
    <message>
        <source>a JSON object with %1 fields</source>
        <translation>JSON 对象，共 %1 个字段</translation>
    </message>
    <message>
        <source>%1 (not a type the console knows; shown as is)</source>
        <translation>%1（调试台不认识的类型，按原样显示）</translation>
    </message>
    <message>
        <source>answered in %1 ms</source>
        <translation>用时 %1 ms</translation>
    </message>
    <message>
        <source>Wrong method</source>
        <translation>请求方法错误</translation>
    </message>
    <message>
        <source>Unknown path</source>
        <translation>未知路径</translation>
    </message>
    <message>
        <source>Malformed HTTP</source>
        <translation>HTTP 格式错误</translation>
    </message>
    <message>
        <source>Too large</source>
        <translation>请求过大</translation>
    </message>
    <message>
        <source>Body timeout</source>
        <translation>请求体超时</translation>
    </message>
    <message>
        <source>Client disconnected</source>
        <translation>客户端已断开</translation>
    </message>
    <message>
        <source>%1 is not how DingTalk calls back (it POSTs)</source>
        <translation>%1 不是钉钉回调的方式（钉钉使用 POST）</translation>
    </message>
    <message>
        <source>no callback at %1</source>
        <translation>%1 没有回调</translation>
    </message>
    <message>
        <source>Status page</source>
        <translation>状态页</translation>
    </message>
    <message>
        <source>%1 — status page</source>
        <translation>%1 — 状态页</translation>
    </message>
    <message>
        <source>Not JSON</source>
        <translation>非 JSON</translation>
    </message>
    <message>
        <source>message is not JSON: %1</source>
        <translation>消息不是 JSON：%1</translation>
    </message>
    <message>
        <source>DingTalk checks the callback URL</source>
        <translation>钉钉校验回调地址</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1（缺失）</translation>
    </message>
    <message>
        <source>%1 (%2, expected %3)</source>
        <translation>%1（为 %2，应为 %3）</translation>
    </message>
    <message>
        <source>%1 differs from DingTalk&apos;s documented fields: %2</source>
        <translation>%1 与钉钉文档中的字段不一致：%2</translation>
    </message>
</context>
<context>
    <name>StoreUi</name>
    <message>
        <source>Retention</source>
        <translation>保留策略</translation>
    </message>
    <message>
        <source>no size cap</source>
        <translation>不限大小</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>keep forever</source>
        <translation>永久保留</translation>
    </message>
    <message>
        <source>Keep the store under</source>
        <translation>事件库大小上限</translation>
    </message>
    <message>
        <source>Drop events older than</source>
        <translation>删除早于此时间的事件</translation>
    </message>
    <message>
        <source>The oldest events go first, in the background. Pinned events are never removed, nor what this session recorded in the last hour.</source>
        <translation>在后台从最旧的事件开始删除。已固定的事件永不删除，本次会话最近一小时记录的事件也不会删除。</translation>
    </message>
    <message>
        <source>Requests that no signature verified (a stranger&apos;s unknown paths, bad signatures, status page views) are kept apart: only the newest %1 within %2, removed first, so a flood never pushes out your events.</source>
        <translation>签名未通过验证的请求（陌生人访问的未知路径、错误签名、状态页访问）单独保留：只保留最新的 %1 条、不超过 %2，并最先删除，因此大量垃圾请求不会挤掉你的事件。</translation>
    </message>
    <message>
        <source>store %1</source>
        <translation>事件库 %1</translation>
    </message>
    <message>
        <source>store %1 of %2</source>
        <translation>事件库 %1 / %2</translation>
    </message>
    <message>
        <source>%1 on disk (database and write-ahead log)</source>
        <translation>磁盘上占用 %1（数据库和预写日志）</translation>
    </message>
    <message>
        <source>%1 old events trimmed</source>
        <translation>已清理 %1 个旧事件</translation>
    </message>
    <message>
        <source>Pin (retention keeps it)</source>
        <translation>固定（保留策略不会删除）</translation>
    </message>
    <message>
        <source>Unpin</source>
        <translation>取消固定</translation>
    </message>
    <message>
        <source>Pinned %1 event(s).</source>
        <translation>已固定 %1 个事件。</translation>
    </message>
    <message>
        <source>Unpinned %1 event(s).</source>
        <translation>已取消固定 %1 个事件。</translation>
    </message>
    <message>
        <source>importing %1</source>
        <translation>正在导入 %1</translation>
    </message>
</context>
<context>
    <name>StreamControls</name>
    <message>
        <source>Stream mode</source>
        <translation>Stream 模式</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>Stream</translation>
    </message>
    <message>
        <source>Receive events over DingTalk Stream mode (needs the profile&apos;s AppSecret)</source>
        <translation>通过钉钉 Stream 模式接收事件（需要配置中的 AppSecret）</translation>
    </message>
    <message>
        <source>Doctor</source>
        <translation>诊断</translation>
    </message>
    <message>
        <source>Why is my stream silent? Check the profile&apos;s Stream connection stage by stage</source>
        <translation>为什么收不到 Stream 消息？逐阶段检查此配置的 Stream 连接</translation>
    </message>
    <message>
        <source>forward to handler URL (optional)</source>
        <translation>转发到处理程序 URL（可选）</translation>
    </message>
    <message>
        <source>Robot messages</source>
        <translation>机器人消息</translation>
    </message>
    <message>
        <source>Also subscribe to robot messages (CALLBACK /v1.0/im/bot/messages/get)</source>
        <translation>同时订阅机器人消息（CALLBACK /v1.0/im/bot/messages/get）</translation>
    </message>
    <message>
        <source>Card callbacks</source>
        <translation>卡片回调</translation>
    </message>
    <message>
        <source>Also subscribe to interactive card callbacks (/v1.0/card/instances/callback)</source>
        <translation>同时订阅互动卡片回调（/v1.0/card/instances/callback）</translation>
    </message>
    <message>
        <source>other CALLBACK topic (optional)</source>
        <translation>其他 CALLBACK 主题（可选）</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Connect again (after fixing the profile)</source>
        <translation>重新连接（先修正配置）</translation>
    </message>
    <message>
        <source>Fetch failed pushes</source>
        <translation>拉取推送失败的事件</translation>
    </message>
    <message>
        <source>Fetch DingTalk&apos;s failed-push list into the table (DingTalk then deletes it)</source>
        <translation>把钉钉推送失败的事件列表拉取到表格中（钉钉随后会删除该列表）</translation>
    </message>
    <message>
        <source>A CALLBACK topic is a path such as /v1.0/im/bot/messages/get</source>
        <translation>CALLBACK 主题应是路径，例如 /v1.0/im/bot/messages/get</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>other clients of this AppKey will get fewer events</source>
        <translation>使用此 AppKey 的其他客户端将收到更少的事件</translation>
    </message>
    <message>
        <source>Every client connected with AppKey %1 gets only a share of its events: a staging or production bot using it loses the events this window receives. Mark a test app&apos;s profile development only (dingconsole profile development-only NAME) to silence this.</source>
        <translation>所有使用 AppKey %1 连接的客户端只能分到其中一部分事件：若测试或生产环境的机器人也在使用它，本窗口收到的事件它就收不到。把测试应用的配置标记为仅开发用（dingconsole profile development-only 配置名）即可不再提示。</translation>
    </message>
    <message>
        <source>Stream connected</source>
        <translation>Stream 已连接</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>正在重连…</translation>
    </message>
    <message>
        <source>Stream stopped</source>
        <translation>Stream 已停止</translation>
    </message>
    <message>
        <source>Stream failed</source>
        <translation>Stream 失败</translation>
    </message>
    <message>
        <source>fetching failed pushes…</source>
        <translation>正在拉取推送失败的事件…</translation>
    </message>
    <message>
        <source>fetched {n} failed pushes (saved)</source>
        <translation>已拉取 {n} 个推送失败的事件（已保存）</translation>
    </message>
    <message>
        <source>%1 hold no event data (kept, never replayed)</source>
        <translation>其中 %1 条不含事件数据（已保存，不会重放）</translation>
    </message>
</context>
<context>
    <name>StreamDoctor</name>
    <message>
        <source>Credentials</source>
        <translation>凭证</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>connections/open</source>
        <translation>connections/open 接口</translation>
    </message>
    <message>
        <source>WebSocket</source>
        <translation>WebSocket 连接</translation>
    </message>
    <message>
        <source>First frame</source>
        <translation>首个帧</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>pass</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>FAIL</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>not checked</source>
        <translation>未检查</translation>
    </message>
    <message>
        <source>Stream doctor</source>
        <translation>Stream 诊断</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Evidence and hint</source>
        <translation>证据与提示</translation>
    </message>
    <message>
        <source>Checking profile %1 stage by stage…</source>
        <translation>正在逐阶段检查配置 %1…</translation>
    </message>
    <message>
        <source>Profile %1: stages checked in order, stopping at the first failure</source>
        <translation>配置 %1：按顺序检查各阶段，在第一个失败处停止</translation>
    </message>
    <message>
        <source>Checklist for a live but silent stream:</source>
        <translation>已连接但收不到消息时的检查清单：</translation>
    </message>
</context>
<context>
    <name>StreamHealth</name>
    <message>
        <source>the gateway asked to move (disconnect)</source>
        <translation>网关要求迁移连接（disconnect）</translation>
    </message>
    <message>
        <source>the socket was closed</source>
        <translation>连接被关闭</translation>
    </message>
    <message>
        <source>the socket went silent (watchdog)</source>
        <translation>连接无响应（看门狗）</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>连接出错</translation>
    </message>
    <message>
        <source>gateway busy or unreachable, retrying</source>
        <translation>网关繁忙或无法访问，正在重试</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>尚无</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>since %1</source>
        <translation>自 %1 起</translation>
    </message>
    <message>
        <source>%1 reconnects</source>
        <translation>重连 %1 次</translation>
    </message>
    <message>
        <source>ping %1</source>
        <translation>心跳 %1</translation>
    </message>
    <message>
        <source>ACK p50 %1 / p90 %2 / p99 %3 ms</source>
        <translation>ACK 耗时 p50 %1 / p90 %2 / p99 %3 毫秒</translation>
    </message>
    <message>
        <source>%1 duplicates</source>
        <translation>重复 %1 条</translation>
    </message>
    <message>
        <source>%1 LATER</source>
        <translation>LATER %1 次</translation>
    </message>
    <message>
        <source>State: %1</source>
        <translation>状态：%1</translation>
    </message>
    <message>
        <source>Endpoint: %1</source>
        <translation>接入点：%1</translation>
    </message>
    <message>
        <source>Connected since: %1</source>
        <translation>连接开始于：%1</translation>
    </message>
    <message>
        <source>Events: %1, callbacks: %2, pings: %3</source>
        <translation>事件：%1，回调：%2，心跳：%3</translation>
    </message>
    <message>
        <source>ACK latency: last %1 ms, average %2 ms, max %3 ms</source>
        <translation>ACK 延迟：最近 %1 毫秒，平均 %2 毫秒，最长 %3 毫秒</translation>
    </message>
    <message>
        <source>Recent reconnects:</source>
        <translation>最近的重连：</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近的错误：%1</translation>
    </message>
    <message>
        <source>DingTalk refused the AppKey/AppSecret (HTTP %1: %2): check both in the profile</source>
        <translation>钉钉拒绝了 AppKey/AppSecret（HTTP %1：%2）：请检查配置中的这两项</translation>
    </message>
    <message>
        <source>The %1 of profile %2 contains a space or line break (DingTalk: 401 authFailed)</source>
        <translation>配置 %2 的 %1 含有空格或换行（钉钉会返回 401 authFailed）</translation>
    </message>
    <message>
        <source>Profile %1 needs its AppKey and AppSecret: add them in the profile dialog</source>
        <translation>配置 %1 需要 AppKey 和 AppSecret：请在配置对话框中填写</translation>
    </message>
    <message>
        <source>Profile %1 lacks what this app type&apos;s token needs: %2</source>
        <translation>配置 %1 缺少该应用类型获取 access_token 所需的字段：%2</translation>
    </message>
    <message>
        <source>DingTalk&apos;s open API refused: errcode %1 (%2)</source>
        <translation>钉钉开放接口拒绝了请求：errcode %1（%2）</translation>
    </message>
    <message>
        <source>DingTalk&apos;s server could not be reached or gave no usable answer: %1</source>
        <translation>无法访问钉钉服务器，或其应答无法使用：%1</translation>
    </message>
</context>
<context>
    <name>StreamRows</name>
    <message>
        <source>robot callback without timestamp and sign headers</source>
        <translation>机器人回调缺少 timestamp 和 sign 请求头</translation>
    </message>
    <message>
        <source>robot callback, but the profile has no AppSecret to verify it with</source>
        <translation>机器人回调，但配置没有可用于验证的 AppSecret</translation>
    </message>
    <message>
        <source>the robot timestamp header is not milliseconds</source>
        <translation>机器人 timestamp 请求头不是毫秒时间戳</translation>
    </message>
    <message>
        <source>the robot timestamp is more than 1 hour from this computer&apos;s clock</source>
        <translation>机器人 timestamp 与本机时钟相差超过 1 小时</translation>
    </message>
    <message>
        <source>the robot sign does not match the profile&apos;s AppSecret (wrong secret?)</source>
        <translation>机器人 sign 与配置中的 AppSecret 不匹配（AppSecret 错误？）</translation>
    </message>
    <message>
        <source>the robot body is not a robot message (JSON with msgtype)</source>
        <translation>机器人请求体不是机器人消息（应为含 msgtype 的 JSON）</translation>
    </message>
    <message>
        <source>the robot handler did not answer HTTP 200 (DingTalk counts it as failed)</source>
        <translation>机器人处理程序未返回 HTTP 200（钉钉视为失败）</translation>
    </message>
    <message>
        <source>the robot handler could not be reached</source>
        <translation>无法访问机器人处理程序</translation>
    </message>
    <message>
        <source>the bridge to the handler failed; DingTalk was asked to deliver it again (LATER)</source>
        <translation>转发到处理程序失败；已请钉钉重新投递（LATER）</translation>
    </message>
    <message>
        <source>this failed-push item holds no event data: kept as it came, never replayed</source>
        <translation>该推送失败记录不含事件数据：按原样保存，不会重放</translation>
    </message>
    <message>
        <source>a Stream frame that is not a well-formed EVENT or CALLBACK</source>
        <translation>不是格式正确的 EVENT 或 CALLBACK 的 Stream 数据帧</translation>
    </message>
</context>
<context>
    <name>TunnelControls</name>
    <message>
        <source>The tunnel setting could not be saved: %1</source>
        <translation>无法保存隧道设置：%1</translation>
    </message>
    <message>
        <source>The tunnel&apos;s public URL changed: paste the new one into DingTalk&apos;s event subscription (it was %1).</source>
        <translation>隧道的公网地址变了：请把新地址粘贴到钉钉的事件订阅中（原地址为 %1）。</translation>
    </message>
    <message>
        <source>no connection</source>
        <translation>无法连接</translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation>未在时限内应答</translation>
    </message>
    <message>
        <source>an HTTP error</source>
        <translation>HTTP 错误</translation>
    </message>
    <message>
        <source>a redirect (DingTalk does not follow redirects)</source>
        <translation>返回了重定向（钉钉不跟随重定向）</translation>
    </message>
    <message>
        <source>another server answered</source>
        <translation>应答的是另一台服务器</translation>
    </message>
    <message>
        <source>the tunnel program exited</source>
        <translation>隧道程序已退出</translation>
    </message>
    <message>
        <source>it printed no public URL in time</source>
        <translation>未在时限内输出公网地址</translation>
    </message>
    <message>
        <source>it stopped answering</source>
        <translation>不再应答</translation>
    </message>
    <message>
        <source>the program is not installed</source>
        <translation>程序未安装</translation>
    </message>
    <message>
        <source>a setting is missing (Tunnel settings…)</source>
        <translation>缺少设置（隧道设置…）</translation>
    </message>
    <message>
        <source>the command is not usable (Tunnel settings…)</source>
        <translation>命令无法使用（隧道设置…）</translation>
    </message>
    <message>
        <source>the URL pattern is not a regular expression</source>
        <translation>地址匹配式不是有效的正则表达式</translation>
    </message>
    <message>
        <source>the public URL is not an http(s):// URL</source>
        <translation>公网地址不是 http(s):// 地址</translation>
    </message>
    <message>
        <source>starting the tunnel…</source>
        <translation>正在启动隧道…</translation>
    </message>
    <message>
        <source>checking that it reaches the listener…</source>
        <translation>正在检查能否到达监听器…</translation>
    </message>
    <message>
        <source>verified ✓</source>
        <translation>已验证 ✓</translation>
    </message>
    <message>
        <source>not reachable: %1</source>
        <translation>无法到达：%1</translation>
    </message>
    <message>
        <source>restarting in %1 s: %2</source>
        <translation>%1 秒后重启：%2</translation>
    </message>
    <message>
        <source>%1 is not installed; get it from: %2</source>
        <translation>未安装 %1；下载地址：%2</translation>
    </message>
    <message>
        <source>tunnel not started: %1</source>
        <translation>隧道未启动：%1</translation>
    </message>
    <message>
        <source>Tunnel settings…</source>
        <translation>隧道设置…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the public callback URL to paste into DingTalk</source>
        <translation>复制公网回调地址，粘贴到钉钉</translation>
    </message>
    <message>
        <source>The tunnel&apos;s public URL with the profile&apos;s callback path: DingTalk reaches the listener here.</source>
        <translation>隧道的公网地址加上配置的回调路径：钉钉经此到达监听器。</translation>
    </message>
    <message>
        <source>Stop tunnel</source>
        <translation>停止隧道</translation>
    </message>
    <message>
        <source>Tunnel…</source>
        <translation>隧道…</translation>
    </message>
    <message>
        <source>Stop the tunnel</source>
        <translation>停止隧道</translation>
    </message>
    <message>
        <source>Start the tunnel you use (cloudflared, ngrok, cpolar, frpc, ssh or a command) and check that its public URL reaches the listener</source>
        <translation>启动你所用的隧道（cloudflared、ngrok、cpolar、frpc、ssh 或自定义命令），并检查其公网地址能否到达监听器</translation>
    </message>
</context>
<context>
    <name>TunnelDialog</name>
    <message>
        <source>cloudflared quick tunnel: no account needed. Its URL changes at every start, so DingTalk&apos;s setting must change too.</source>
        <translation>cloudflared 快速隧道：无需账号。每次启动地址都会变，钉钉中的设置也须随之修改。</translation>
    </message>
    <message>
        <source>ngrok: the authtoken of your ngrok account (or ngrok&apos;s own saved one).</source>
        <translation>ngrok：你的 ngrok 账号的 authtoken（或 ngrok 自己已保存的）。</translation>
    </message>
    <message>
        <source>cpolar: the authtoken of your cpolar account (or cpolar&apos;s own saved one).</source>
        <translation>cpolar：你的 cpolar 账号的 authtoken（或 cpolar 自己已保存的）。</translation>
    </message>
    <message>
        <source>frpc: your frps server, its token, and the public URL frps serves for this tunnel (a domain on its HTTP port, or http://IP:port for a TCP port).</source>
        <translation>frpc：你的 frps 服务器、它的令牌，以及 frps 为此隧道提供的公网地址（其 HTTP 端口上的域名，或 TCP 端口的 http://IP:端口）。</translation>
    </message>
    <message>
        <source>ssh -R: a server you reach with a key as user@host and a free port on it. Its sshd needs GatewayPorts yes (or clientspecified), or the port only listens on the server itself.</source>
        <translation>ssh -R：一台你能用密钥以 用户@主机 登录的服务器，以及它上面的一个空闲端口。其 sshd 需设置 GatewayPorts yes（或 clientspecified），否则该端口只在服务器本机监听。</translation>
    </message>
    <message>
        <source>Any command: write {port} where the listener&apos;s port goes. The public URL is the first http(s):// URL it prints, or what the pattern finds, or the URL you give.</source>
        <translation>任意命令：在监听端口的位置写 {port}。公网地址取它输出的第一个 http(s):// 地址，或匹配式找到的地址，或你填写的地址。</translation>
    </message>
    <message>
        <source>Tunnel</source>
        <translation>隧道</translation>
    </message>
    <message>
        <source>cloudflared (quick tunnel, no account)</source>
        <translation>cloudflared（快速隧道，无需账号）</translation>
    </message>
    <message>
        <source>ngrok</source>
        <translation>ngrok</translation>
    </message>
    <message>
        <source>cpolar</source>
        <translation>cpolar</translation>
    </message>
    <message>
        <source>frpc (your frps server)</source>
        <translation>frpc（你自己的 frps 服务器）</translation>
    </message>
    <message>
        <source>ssh -R (your server)</source>
        <translation>ssh -R（你自己的服务器）</translation>
    </message>
    <message>
        <source>Other command…</source>
        <translation>其他命令…</translation>
    </message>
    <message>
        <source>Tunnel:</source>
        <translation>隧道：</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Server (user@host):</source>
        <translation>服务器（用户@主机）：</translation>
    </message>
    <message>
        <source>Port on the server:</source>
        <translation>服务器上的端口：</translation>
    </message>
    <message>
        <source>frps address:</source>
        <translation>frps 地址：</translation>
    </message>
    <message>
        <source>frps port:</source>
        <translation>frps 端口：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Public URL:</source>
        <translation>公网地址：</translation>
    </message>
    <message>
        <source>URL pattern:</source>
        <translation>地址匹配式：</translation>
    </message>
    <message>
        <source>e.g. mytunnel http {port}</source>
        <translation>例如 mytunnel http {port}</translation>
    </message>
    <message>
        <source>default: the first http(s):// URL</source>
        <translation>默认：第一个 http(s):// 地址</translation>
    </message>
    <message>
        <source>optional: found in the tool&apos;s output</source>
        <translation>可不填：从工具的输出中查找</translation>
    </message>
    <message>
        <source>from %1</source>
        <translation>取自 %1</translation>
    </message>
    <message>
        <source>kept in a private file (0600), never on a command line</source>
        <translation>保存在私有文件中（0600），绝不出现在命令行上</translation>
    </message>
</context>
<context>
    <name>Workbench</name>
    <message>
        <source>no credentials</source>
        <translation>没有凭据</translation>
    </message>
    <message>
        <source>Choose a profile, or type the token, aesKey and owner key.</source>
        <translation>请选择一个配置，或输入 token、aesKey 和归属 Key。</translation>
    </message>
    <message>
        <source>… (%1 more characters not shown)</source>
        <translation>……（还有 %1 个字符未显示）</translation>
    </message>
    <message>
        <source>there is nothing to decrypt in this text</source>
        <translation>这段文本中没有可解密的内容</translation>
    </message>
    <message>
        <source>Paste a push (curl, HTTP, URL + body, JSON body) or an encrypt value.</source>
        <translation>请粘贴一次推送（curl、HTTP、URL 加请求体、JSON 请求体）或一个 encrypt 值。</translation>
    </message>
    <message>
        <source>Profile that fits</source>
        <translation>匹配的配置</translation>
    </message>
    <message>
        <source>Made for (owner key)</source>
        <translation>加密时使用的归属 Key</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>Push URL query</source>
        <translation>推送 URL 查询参数</translation>
    </message>
    <message>
        <source>Signature with %1</source>
        <translation>用 %1 计算的签名</translation>
    </message>
    <message>
        <source>Received signature</source>
        <translation>收到的签名</translation>
    </message>
    <message>
        <source>this is a request, not a reply</source>
        <translation>这是请求，不是返回内容</translation>
    </message>
    <message>
        <source>Paste your server&apos;s reply: its JSON body, or the HTTP response with headers.</source>
        <translation>请粘贴你的服务器返回的内容：JSON 响应体，或带响应头的 HTTP 响应。</translation>
    </message>
    <message>
        <source>Checked with profile</source>
        <translation>检查所用配置</translation>
    </message>
</context>
<context>
    <name>WorkbenchTab</name>
    <message>
        <source>a curl command</source>
        <translation>curl 命令</translation>
    </message>
    <message>
        <source>a PowerShell command (Invoke-WebRequest)</source>
        <translation>PowerShell 命令（Invoke-WebRequest）</translation>
    </message>
    <message>
        <source>a raw HTTP request</source>
        <translation>原始 HTTP 请求</translation>
    </message>
    <message>
        <source>an HTTP response (your server&apos;s reply)</source>
        <translation>HTTP 响应（你的服务器返回的内容）</translation>
    </message>
    <message>
        <source>a push body {&quot;encrypt&quot;: …}</source>
        <translation>推送请求体 {&quot;encrypt&quot;: …}</translation>
    </message>
    <message>
        <source>a bare encrypt value</source>
        <translation>单独的 encrypt 值</translation>
    </message>
    <message>
        <source>a reply JSON</source>
        <translation>返回内容 JSON</translation>
    </message>
    <message>
        <source>a callback URL with its query</source>
        <translation>带查询参数的回调 URL</translation>
    </message>
    <message>
        <source>plaintext to encrypt</source>
        <translation>待加密的明文</translation>
    </message>
    <message>
        <source>Detected: nothing usable yet</source>
        <translation>识别结果：暂无可用内容</translation>
    </message>
    <message>
        <source>Detected: %1</source>
        <translation>识别结果：%1</translation>
    </message>
    <message>
        <source>Workbench</source>
        <translation>工作台</translation>
    </message>
</context>
</TS>
