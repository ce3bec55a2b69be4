// Just enough ASN.1 DER (ITU-T X.690) to write one X.509 certificate: lengths, the universal
// types a certificate uses, and context-specific tags.
export const der = {
  sequence: (...items: Buffer[]) => tlv(0x30, Buffer.concat(items)),
  set: (...items: Buffer[]) => tlv(0x31, Buffer.concat(items)),
  integer: (bytes: Buffer) => tlv(0x02, bytes[0] & 0x80 ? Buffer.concat([Buffer.of(0), bytes]) : bytes),
  smallInteger: (n: number) => tlv(0x02, Buffer.of(n)),
  boolean: (value: boolean) => tlv(0x01, Buffer.of(value ? 0xff : 0)),
  octetString: (bytes: Buffer) => tlv(0x04, bytes),
  /** `unusedBits`: how many low bits of the last byte are padding. */
  bitString: (bytes: Buffer, unusedBits = 0) => tlv(0x03, Buffer.concat([Buffer.of(unusedBits), bytes])),
  utf8String: (text: string) => tlv(0x0c, Buffer.from(text, 'utf8')),
  /** UTCTime (YYMMDDHHMMSSZ) is valid up to 2049; certificates here live far shorter. */
  utcTime: (date: Date) => tlv(0x17, Buffer.from(date.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z', 'ascii')),
  oid: (dotted: string) => tlv(0x06, oidBody(dotted)),
  /** [n] EXPLICIT: a constructed wrapper around one element. */
  explicit: (n: number, inner: Buffer) => tlv(0xa0 | n, inner),
  /** [n] IMPLICIT of a primitive value (GeneralName's dNSName [2], iPAddress [7]). */
  implicitPrimitive: (n: number, bytes: Buffer) => tlv(0x80 | n, bytes),
};

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.of(tag), length(body.length), body]);
}

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

function oidBody(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map(Number);
  const out: number[] = [first * 40 + second];
  for (const arc of rest) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    out.push(...chunk);
  }
  return Buffer.from(out);
}
