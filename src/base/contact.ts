// The syntax of an e-mail address and a phone number, written once: the roster reader and
// the office settings (leaders' addresses, the sender) both check with these.

// One address: an ASCII local part and a domain of at least two labels. Stricter than RFC 5322
// on purpose: what an office mail server will accept, not every form the standard allows.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export const EMAIL_HINT = '应为一个电子邮箱地址，如 dangzhibu@example.org';

export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text) && !text.startsWith('.') && !text.includes('..');
}

/** Separators people type between digit groups: spaces, hyphens and dashes, brackets. */
const PHONE_SEPARATORS = /[\s\-－—–()（）]/g;

export const PHONE_HINT = '应只含数字（可用“-”或空格分隔），7 到 15 位，如 0791-86395435 或 13807910000';

/** 7 to 15 digits once separators are removed, with an optional leading + (+86 …). */
export function isPhoneNumber(text: string): boolean {
  return /^\+?\d{7,15}$/.test(text.replace(PHONE_SEPARATORS, ''));
}
