/**
 * The certificate credential for app-only access (SharePoint refuses client secrets app-only): a PEM
 * private key from a file or a setting, and its SHA-256 thumbprint, given or computed from the
 * certificate in the same PEM. Problems come back as "SETTING: message" lines, never thrown.
 */
import { X509Certificate, createPrivateKey } from 'node:crypto';

export type CertificateCredential = {
  /** Uppercase hex SHA-256 thumbprint of the certificate uploaded to the app registration. */
  thumbprintSha256: string;
  /** PEM private key (PKCS#8 or PKCS#1). */
  privateKey: string;
  /** The PEM certificate when the file held it; MSAL sends it as the assertion's x5c header. */
  x5c?: string;
};

export type CertificateInputs = {
  path?: string;
  privateKey?: string;
  thumbprint?: string;
};

export const certificateSettings = {
  path: 'AZURE_CLIENT_CERTIFICATE_PATH',
  privateKey: 'AZURE_CLIENT_CERTIFICATE_PRIVATE_KEY',
  thumbprint: 'AZURE_CLIENT_CERTIFICATE_THUMBPRINT',
} as const;

const pemBlock = /-----BEGIN ([A-Z ]+)-----[\s\S]+?-----END \1-----/g;

/** Normalises "AB:CD:…" or lowercase hex to uppercase hex; undefined when it is not a SHA-256 value. */
function normaliseThumbprint(value: string): string | undefined {
  const hex = value.replace(/[\s:]/g, '').toUpperCase();
  return /^[0-9A-F]{64}$/.test(hex) ? hex : undefined;
}

/**
 * Reads and checks the certificate credential. `readFile` is injected so tests and callers decide
 * how files are read; a missing or unreadable file is reported, not thrown.
 */
export function loadCertificate(
  inputs: CertificateInputs,
  readFile: (path: string) => string,
): { credential?: CertificateCredential; problems: string[] } {
  const s = certificateSettings;
  const problems: string[] = [];
  let pem: string | undefined;
  let source: string = s.privateKey;
  if (inputs.path && inputs.privateKey) {
    problems.push(`${s.path}: set either ${s.path} or ${s.privateKey}, not both.`);
    return { problems };
  }
  if (inputs.path) {
    source = s.path;
    try {
      pem = readFile(inputs.path);
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      problems.push(`${s.path}: cannot read ${inputs.path} (${why}). Give the path of the PEM file.`);
      return { problems };
    }
  } else if (inputs.privateKey) {
    // App settings often carry PEM with literal "\n"; restore the line breaks.
    pem = inputs.privateKey.replace(/\\n/g, '\n');
  } else {
    problems.push(
      `${s.path}: is required (or ${s.privateKey}): the PEM private key of the certificate uploaded to the app registration.`,
    );
    return { problems };
  }

  const blocks = [...pem.matchAll(pemBlock)].map((m) => ({ label: m[1] ?? '', text: m[0] }));
  const keyBlock = blocks.find((b) => b.label.endsWith('PRIVATE KEY'));
  const certBlock = blocks.find((b) => b.label === 'CERTIFICATE');
  let privateKey: string | undefined;
  if (!keyBlock) {
    problems.push(
      `${source}: holds no "-----BEGIN PRIVATE KEY-----" block; give the certificate's PEM private key.`,
    );
  } else if (keyBlock.label === 'ENCRYPTED PRIVATE KEY') {
    problems.push(
      `${source}: the private key is encrypted; export it without a passphrase (see docs/deployment.md).`,
    );
  } else {
    try {
      createPrivateKey(keyBlock.text);
      privateKey = keyBlock.text;
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      problems.push(`${source}: the private key cannot be read (${why}).`);
    }
  }

  let fromCert: { thumbprint: string; x5c: string } | undefined;
  if (certBlock) {
    try {
      const cert = new X509Certificate(certBlock.text);
      fromCert = { thumbprint: cert.fingerprint256.replace(/:/g, '').toUpperCase(), x5c: certBlock.text };
      if (privateKey && !cert.checkPrivateKey(createPrivateKey(privateKey))) {
        problems.push(`${source}: the private key does not belong to the certificate in the same PEM.`);
      }
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      problems.push(`${source}: the certificate block cannot be read (${why}).`);
    }
  }

  let thumbprint: string | undefined;
  if (inputs.thumbprint) {
    thumbprint = normaliseThumbprint(inputs.thumbprint);
    if (!thumbprint) {
      problems.push(
        `${s.thumbprint}: must be the certificate's SHA-256 thumbprint (64 hex characters); ` +
          'the Entra portal shows SHA-1, so compute it with `openssl x509 -noout -fingerprint -sha256 -in cert.pem`.',
      );
    } else if (fromCert && fromCert.thumbprint !== thumbprint) {
      problems.push(
        `${s.thumbprint}: ${thumbprint} does not match the certificate in ${source} (${fromCert.thumbprint}).`,
      );
    }
  } else if (fromCert) {
    thumbprint = fromCert.thumbprint;
  } else {
    problems.push(
      `${s.thumbprint}: is required when the PEM holds only the private key (add the certificate to the PEM to compute it).`,
    );
  }

  if (problems.length || !privateKey || !thumbprint) return { problems };
  return {
    credential: { thumbprintSha256: thumbprint, privateKey, ...(fromCert ? { x5c: fromCert.x5c } : {}) },
    problems,
  };
}
