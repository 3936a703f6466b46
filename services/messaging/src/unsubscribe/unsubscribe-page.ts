/** The pages `/v1/unsubscribe` answers: small, self-contained, in Korean and English. */

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title}</title>
<style>body{font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic",sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.6;color:#1f2328}h1{font-size:1.3rem}p.en{color:#57606a}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The withdrawal went through (or had been made before): which sender and channel. */
export function unsubscribedPage(sender: string, channel: string): string {
  const s = escapeHtml(sender);
  const c = escapeHtml(channel);
  return page(
    '수신거부 완료 / Unsubscribed',
    `<h1 lang="ko">수신거부가 완료되었습니다</h1>
<p lang="ko">${s}의 ${c} 광고성 정보 수신에 대한 동의가 철회되었습니다. 앞으로 이 채널로 광고성 메시지를 보내지 않습니다. 주문·배송 안내 등 거래 정보는 계속 받으실 수 있습니다.</p>
<h1 lang="en">You are unsubscribed</h1>
<p class="en" lang="en">Your consent to advertising from ${s} on ${c} is withdrawn: no more promotional messages will be sent to you on this channel. You will still receive messages about your orders.</p>`,
  );
}

/** The link cannot be used: nothing was changed. */
export function linkRefusedPage(problem: 'invalid' | 'expired'): string {
  const [ko, en] =
    problem === 'expired'
      ? ['이 수신거부 링크는 유효기간이 지났습니다.', 'This unsubscribe link has expired.']
      : ['이 수신거부 링크는 올바르지 않습니다.', 'This unsubscribe link is not valid.'];
  return page(
    '수신거부 링크 오류 / Link not valid',
    `<h1 lang="ko">${ko}</h1>
<p lang="ko">수신 동의는 변경되지 않았습니다. 최근 받으신 메시지의 링크를 이용하시거나 고객센터로 문의해 주세요.</p>
<h1 lang="en">${en}</h1>
<p class="en" lang="en">Nothing was changed. Use the link in a recent message, or contact the sender.</p>`,
  );
}
