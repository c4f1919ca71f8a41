<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>DiagnosisView</source>
        <comment>Step</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>Result</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>Part</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>Bytes</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>Preview</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>No diagnosis was recorded for this request.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>✔ Every step passed.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DiagnosisView</source>
        <comment>✘ Failed at step “%1”: %2</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Copy as curl</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Replay…</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Export as fixture…</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Open in workbench</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Message</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Request</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Reply</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Diagnosis</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>Select an event to see its details.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DetailPanes</source>
        <comment>(nothing was decrypted)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Outcome</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Event</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Summary</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Profile</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Remote</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Handling</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Repeat</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>ok</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>failed</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>invalid</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>policy</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>info</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EventTableModel</source>
        <comment>Repeat of event #%1 (same eventId)</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Key</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Copy value</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Copy path</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Copy all</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Expand all</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JsonTreeView</source>
        <comment>Collapse all</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DetailPanes</name>
    <message>
        <source>(no reply was sent)</source>
        <translation type="unfinished"></translation>
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
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>Typed in</source>
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
    <name>QCoreApplication</name>
    <message>
        <source>EventTableModel</source>
        <comment>Time</comment>
        <translation type="unfinished"></translation>
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
        <source>no signature in the paste: signed afresh</source>
        <translation>粘贴内容中没有签名：已重新签名</translation>
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
