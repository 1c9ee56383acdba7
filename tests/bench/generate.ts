import fs from 'node:fs';

/**
 * Writes the bench's library: `count` phrases in `groups` groups as our CSV (UTF-8 with BOM, CRLF,
 * header 分组,快捷编码,短语内容), about 150 bytes a phrase — 100,000 phrases ≈ 15 MB. Deterministic
 * (a fixed-seed PRNG), so every run measures the same file. Returns the phrases' contents and codes
 * for building queries.
 */
export function generateLibrary(file: string, count = 100_000, groups = 200, seed = 42): { contents: string[]; codes: string[] } {
  let state = seed >>> 0;
  const rand = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const words = ['亲', '您好', '发货', '退款', '包邮', '尺码', '质量', '优惠券', '快递', '实拍', '颜色', '七天无理由', '换货', '付款', '库存', '好评', '面料', '纯棉', '客服', '订单', '地址', '物流', '售后', '赠品', '满减', '会员', '到货', '签收', '偏大', '偏小', '的', '了', '哦', '呢', '哈', '我们', '可以', '已经', '马上', '请', '稍等', '谢谢', '，', '。', '！', '～', '/:^_^'];
  const groupNames = Array.from({ length: groups }, (_, i) => `分组${String(i + 1).padStart(3, '0')}`);
  const contents: string[] = [];
  const codes: string[] = [];
  const lines = ['\ufeff分组,快捷编码,短语内容'];
  for (let i = 0; i < count; i++) {
    let text = '';
    while (text.length < 48 + Math.floor(rand() * 8)) text += words[Math.floor(rand() * words.length)]!;
    const code = i % 3 === 0 ? '' : `c${i.toString(36)}`;
    contents.push(text);
    codes.push(code);
    lines.push(`${groupNames[i % groups]},${code},${text}`);
  }
  fs.writeFileSync(file, lines.join('\r\n') + '\r\n');
  return { contents, codes };
}
