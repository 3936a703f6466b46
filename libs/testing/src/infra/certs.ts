import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface IssuedCert {
  certFile: string;
  /** Unencrypted PKCS#8 private key. */
  keyFile: string;
}

/** A throw-away certificate authority of one test run (openssl), issuing server and client certificates. */
export interface TestCa {
  dir: string;
  caFile: string;
  /** A certificate for 127.0.0.1 and localhost (server and client use), signed by this CA. */
  issue(name: string, options?: { hosts?: string[] }): IssuedCert;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)}`);
  }
}

export function createTestCa(name = 'Cairn Test CA', dir = mkdtempSync(join(tmpdir(), 'cairn-pki-'))): TestCa {
  const caFile = join(dir, 'ca.crt');
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      caFile,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return {
    dir,
    caFile,
    issue: (leaf, options = {}) => {
      const hosts = options.hosts ?? ['127.0.0.1', 'localhost'];
      const san = hosts.map((h) => (/^[\d.]+$|:/.test(h) ? `IP:${h}` : `DNS:${h}`)).join(',');
      writeFileSync(
        join(dir, `${leaf}.ext`),
        `subjectAltName=${san}\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature,keyEncipherment\n`,
      );
      openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${leaf}.key`, '-out', `${leaf}.csr`, '-subj', `/CN=${leaf}`], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${leaf}.csr`,
          '-CA',
          caFile,
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${leaf}.crt`,
          '-days',
          '2',
          '-extfile',
          `${leaf}.ext`,
        ],
        dir,
      );
      return { certFile: join(dir, `${leaf}.crt`), keyFile: join(dir, `${leaf}.key`) };
    },
  };
}
