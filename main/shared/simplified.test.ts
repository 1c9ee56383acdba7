import { describe, expect, it } from 'vitest';
import { toSimplified } from './simplified';

describe('toSimplified', () => {
  it('turns Hong Kong and Taiwan Traditional characters into Simplified ones and leaves the rest alone', () => {
    expect(toSimplified('請問什麼時候發貨？後天能到嗎')).toBe('请问什么时候发货？后天能到吗');
    expect(toSimplified('裏面')).toBe('里面');
    expect(toSimplified('裡面')).toBe('里面');
    expect(toSimplified('質量怎麼樣 /:^_^ XL 99元')).toBe('质量怎么样 /:^_^ XL 99元');
    const simplified = '亲，本店满99包邮哦～';
    expect(toSimplified(simplified)).toBe(simplified);
  });
});
