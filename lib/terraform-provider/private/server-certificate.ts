// The provider's TLS server certificate, made fresh at every start: go-plugin insists on mutual
// TLS and trusts exactly the certificate we print in the handshake (it becomes the only root and
// the server name is `localhost`, hashicorp/go-plugin client.go loadServerCert). Built with
// node:crypto and a few lines of DER (~1 ms) instead of a certificate library (~150 ms measured).
// Its shape follows go-plugin's own generateCert (mtls.go): ECDSA P-256, CA, server + client auth.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { der } from './der';

export interface ServerCertificate {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  /** DER bytes, base64 without padding: the handshake's last field. */
  readonly handshakeField: string;
}

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

export function serverCertificate(now = new Date()): ServerCertificate {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const algorithm = der.sequence(der.oid(OID.ecdsaWithSha256));
  const name = der.sequence(
    der.set(der.sequence(der.oid(OID.organization), der.utf8String('oauth-clients-as-code'))),
    der.set(der.sequence(der.oid(OID.commonName), der.utf8String('localhost'))),
  );
  const serial = randomBytes(16);
  serial[0] = (serial[0] & 0x7f) | 0x01; // positive and without a leading zero byte
  const extension = (oid: string, critical: boolean, value: Buffer) =>
    der.sequence(der.oid(oid), ...(critical ? [der.boolean(true)] : []), der.octetString(value));
  // keyUsage: digitalSignature(0), keyEncipherment(2), keyAgreement(4), keyCertSign(5) = 0b10101100, 2 unused bits.
  const extensions = der.sequence(
    extension(OID.basicConstraints, true, der.sequence(der.boolean(true))),
    extension(OID.keyUsage, true, der.bitString(Buffer.of(0xac), 2)),
    extension(OID.extKeyUsage, false, der.sequence(der.oid(OID.serverAuth), der.oid(OID.clientAuth))),
    extension(OID.subjectAltName, false, der.sequence(der.implicitPrimitive(2, Buffer.from('localhost')), der.implicitPrimitive(7, Buffer.of(127, 0, 0, 1)))),
  );
  const tbs = der.sequence(
    der.explicit(0, der.smallInteger(2)), // v3
    der.integer(serial),
    algorithm,
    name,
    // A provider process lives for one Terraform command; 30 s of clock skew tolerated, as go-plugin does.
    der.sequence(der.utcTime(new Date(now.getTime() - 30_000)), der.utcTime(new Date(now.getTime() + 7 * 24 * 3600_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    der.explicit(3, extensions),
  );
  const signature = sign('sha256', tbs, privateKey); // DER Ecdsa-Sig-Value, as X.509 wants
  const certificate = der.sequence(tbs, algorithm, der.bitString(signature));
  const base64 = certificate.toString('base64');
  return {
    certificatePem: `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`,
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    handshakeField: base64.replace(/=+$/, ''),
  };
}
