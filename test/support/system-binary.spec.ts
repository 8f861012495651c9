import { decideBinary, isCi, locateBinary, SystemBinary } from './system-binary';

const NGINX: SystemBinary = {
  label: 'nginx',
  candidates: ['nginx'],
  install: 'apt-get install -y nginx-light',
};
const CHROMIUM: SystemBinary = {
  label: 'Chromium',
  candidates: ['/usr/bin/chromium', 'chromium'],
  install: 'apt-get install -y chromium fonts-dejavu-core',
};
const PATH = '/usr/local/bin:/usr/sbin:/usr/bin';
const only =
  (...files: string[]) =>
  (f: string): boolean =>
    files.includes(f);
const none = (): boolean => false;

describe('isCi', () => {
  it.each([['true'], ['1'], ['yes'], ['TRUE'], ['github']])('treats CI=%s as CI', (v) => {
    expect(isCi({ CI: v })).toBe(true);
  });

  it.each([[undefined], [''], ['false'], ['0'], [' False ']])('treats CI=%s as local', (v) => {
    expect(isCi({ CI: v })).toBe(false);
  });
});

describe('locateBinary', () => {
  it('searches the PATH in order for a bare name', () => {
    expect(locateBinary(['nginx'], { PATH }, only('/usr/sbin/nginx', '/usr/bin/nginx'))).toBe(
      '/usr/sbin/nginx',
    );
  });

  it('checks an absolute candidate as it is, then falls back to the next one', () => {
    expect(locateBinary(CHROMIUM.candidates, { PATH }, only('/usr/bin/chromium'))).toBe(
      '/usr/bin/chromium',
    );
    expect(locateBinary(CHROMIUM.candidates, { PATH }, only('/usr/local/bin/chromium'))).toBe(
      '/usr/local/bin/chromium',
    );
  });

  it('finds nothing without a PATH', () => {
    expect(locateBinary(['nginx'], {}, only('/usr/sbin/nginx'))).toBeNull();
  });
});

describe('decideBinary', () => {
  it('runs the tests with the program found', () => {
    for (const CI of [undefined, 'true']) {
      expect(decideBinary(NGINX, { PATH, CI }, only('/usr/sbin/nginx'))).toEqual({
        run: true,
        path: '/usr/sbin/nginx',
      });
    }
  });

  it('skips outside CI with one line naming the install command', () => {
    const d = decideBinary(NGINX, { PATH }, none);
    expect(d).toEqual({
      run: false,
      skipLine: 'skipped: nginx not installed (apt-get install -y nginx-light)',
    });
    if (!d.run) expect(d.skipLine.split('\n')).toHaveLength(1);
  });

  it('never skips in CI: the tests run and fail on the missing program', () => {
    for (const CI of ['true', '1']) {
      for (const bin of [NGINX, CHROMIUM]) {
        const d = decideBinary(bin, { PATH, CI }, none);
        expect(d.run).toBe(true);
        expect(d).toMatchObject({ path: null, missing: expect.stringContaining(bin.install) });
      }
    }
  });
});
