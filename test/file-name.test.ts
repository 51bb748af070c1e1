// File names made from what people typed (organization names and codes): accepted by Windows,
// inside the folder they are meant for, and never two the same.
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distinctFileNames, safeFileName } from '../src/forms/file-name.ts';

describe('safe file names', () => {
  it('replace what Windows forbids, so a name cannot leave its folder', () => {
    const name = safeFileName(['X01', '../..\\a:b*c?d"e<f>g|h'], 'pdf');
    expect(name).toBe('X01__.._a_b_c_d_e_f_g_h.pdf');
    expect(dirname(join('/out/党组织', name))).toBe('/out/党组织');
  });

  it('stay clear of Windows device names, in any case and with an extension', () => {
    for (const device of ['CON', 'nul', 'Aux', 'PRN', 'COM1', 'lpt9', 'COM¹', 'CONIN$', 'con.txt', 'NUL .x']) {
      expect(safeFileName([device], 'pdf'), device).toBe(`_${device}.pdf`);
    }
    expect(safeFileName(['CONTACT'], 'pdf')).toBe('CONTACT.pdf');
  });

  it('drop dots and spaces at either end, which Windows drops or hides the file by', () => {
    expect(safeFileName(['..隐藏', '报告. . .'], 'pdf')).toBe('隐藏_报告.pdf');
    expect(safeFileName(['. .'], 'pdf')).toBe('_.pdf');
  });

  it('cut long names short, at a character and within 255 bytes, without a dot or space at the end', () => {
    expect(safeFileName(['X01', '很'.repeat(200)], 'pdf')).toBe(`X01_${'很'.repeat(60)}.pdf`);
    expect(safeFileName([`${'a'.repeat(58)} .b`], 'pdf')).toBe(`${'a'.repeat(58)}.pdf`);
    // Four bytes each in UTF-8: 60 of them in each of four parts are far more than 255 bytes.
    const wide = safeFileName(['𠀀'.repeat(60), '𠀀'.repeat(60), '𠀀'.repeat(60), '𠀀'.repeat(60)], 'xlsx');
    expect(Buffer.byteLength(wide)).toBeLessThanOrEqual(240);
    expect(wide).toMatch(/^(𠀀+_)*𠀀+\.xlsx$/u);
  });
});

describe('distinct file names', () => {
  it('number the second and later of names that are the same, or differ only in case', () => {
    // Made safe, code X01 with name A:B and code X01_A with name B are one name.
    const same = safeFileName(['X01', 'A:B'], 'pdf');
    expect(safeFileName(['X01_A', 'B'], 'pdf')).toBe(same);
    expect(distinctFileNames([same, same, 'x01_a_b.pdf', 'X01_A_B~2.pdf', 'other.pdf'])).toEqual([
      'X01_A_B.pdf',
      'X01_A_B~2.pdf',
      'x01_a_b~3.pdf',
      'X01_A_B~2~2.pdf',
      'other.pdf',
    ]);
  });
});
