import { describe, expect, it, vi } from 'vitest';
import { linkify, openExternal, safeHttpUrl } from './links';

describe('links in message text', () => {
  it('finds http(s) addresses, ending at Chinese punctuation and trailing ASCII punctuation', () => {
    expect(linkify('链接：https://shop.example.com/item?id=1，谢谢')).toEqual([
      { kind: 'text', text: '链接：' },
      { kind: 'link', text: 'https://shop.example.com/item?id=1', url: 'https://shop.example.com/item?id=1' },
      { kind: 'text', text: '，谢谢' },
    ]);
    expect(linkify('see http://a.example/x).')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'http://a.example/x', url: 'http://a.example/x' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('never makes a link of another scheme or of markup', () => {
    for (const s of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,<b>x</b>', '<a href="javascript:alert(1)">x</a>', 'ftp://x.example']) {
      expect(linkify(s).every((t) => t.kind === 'text'), s).toBe(true);
    }
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('HTTPS://Example.COM')).toBe('https://example.com/');
  });

  it('opens only http(s), without opener or referrer', () => {
    const open = vi.fn();
    expect(openExternal('javascript:alert(1)', open)).toBe(false);
    expect(open).not.toHaveBeenCalled();
    expect(openExternal('https://shop.example.com/a', open)).toBe(true);
    expect(open).toHaveBeenCalledWith('https://shop.example.com/a', '_blank', 'noopener,noreferrer');
  });
});
