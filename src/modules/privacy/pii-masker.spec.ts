import { isValidCard, isValidCbu, isValidCuit } from './argentine-ids';
import { PiiMasker, PiiVault } from './pii-masker';
import { MUST_MASK, MUST_STAY } from './pii-masker.cases';

describe('Argentine identifier check digits', () => {
  it('accepts a valid CUIT and rejects a wrong check digit', () => {
    expect(isValidCuit('20055361682')).toBe(true);
    expect(isValidCuit('20267565392')).toBe(false);
  });
  it('accepts a valid CBU and CVU and rejects a broken one', () => {
    expect(isValidCbu('2850590940090418135201')).toBe(true);
    expect(isValidCbu('0000003100062244154712')).toBe(true);
    expect(isValidCbu('2810590940090418135201')).toBe(false);
  });
  it('checks card numbers with Luhn', () => {
    expect(isValidCard('4111111111111111')).toBe(true);
    expect(isValidCard('4111111111111112')).toBe(false);
  });
});

describe('PiiMasker', () => {
  const masker = new PiiMasker();
  const mask = (t: string) => {
    const v = new PiiVault();
    return { out: masker.mask(t, v), v };
  };

  it.each([
    ['mi CUIT es 20-05536168-2', 'mi CUIT es [CUIT_1]'],
    ['CUIL 20055361682 por favor', 'CUIL [CUIT_1] por favor'],
    ['transferí al CBU 2850590940090418135201', 'transferí al CBU [CBU_1]'],
    ['mi CVU: 0000003100062244154712', 'mi CVU: [CBU_1]'],
    ['tarjeta 4111 1111 1111 1111 vence pronto', 'tarjeta [TARJETA_1] vence pronto'],
    ['mi DNI 30123456', 'mi DNI [DNI_1]'],
    ['documento: 12.345.678', 'documento: [DNI_1]'],
    ['escribime a juan.perez@mail.com.ar', 'escribime a [EMAIL_1]'],
    ['llamame al +54 9 11 4444-5555', 'llamame al [TELEFONO_1]'],
    ['mi celular 11 4444-5555', 'mi celular [TELEFONO_1]'],
    ['whatsapp 011 4444 5555', 'whatsapp [TELEFONO_1]'],
  ])('masks %p', (input, expected) => {
    expect(mask(input).out).toBe(expected);
  });

  it.each([
    'un CUIT mal escrito 20267565392',
    'el CBU 2810590940090418135201 no valida',
    'compré 1500000 pesos de AL30',
    'el MERVAL hizo 2.345.678 puntos',
    'la inflación fue 2,7% y el dólar 1450',
    'tengo 100 acciones de GGAL y 3 CEDEARs de AAPL',
    'el plazo fijo paga 35% TNA a 30 días',
  ])('leaves %p alone', (input) => {
    expect(mask(input).out).toBe(input);
  });

  it('gives the same value the same placeholder and restores the originals', () => {
    const v = new PiiVault();
    const out = masker.mask('CUIT 20-05536168-2 y otra vez 20-05536168-2, mail a@b.com', v);
    expect(out).toBe('CUIT [CUIT_1] y otra vez [CUIT_1], mail [EMAIL_1]');
    expect(
      masker.restore('Tu CUIT [CUIT_1] figura; te escribo a [EMAIL_1]. [CBU_9] no existe', v),
    ).toBe('Tu CUIT 20-05536168-2 figura; te escribo a a@b.com. [CBU_9] no existe');
  });
});

describe('PiiMasker on the phrasings table', () => {
  const masker = new PiiMasker();
  const score = { masked: 0, stayed: 0 };

  afterAll(() => {
    const pct = (n: number, of: number) => ((100 * n) / of).toFixed(1);
    // One line in the test output: how much of each table the masker gets right.
    process.stdout.write(
      `PII masker: masked ${score.masked}/${MUST_MASK.length} must-mask phrasings ` +
        `(${pct(score.masked, MUST_MASK.length)}%), left ${score.stayed}/${MUST_STAY.length} ` +
        `must-stay texts untouched (${pct(score.stayed, MUST_STAY.length)}%)\n`,
    );
  });

  it('has at least 80 must-mask phrasings and 40 must-stay texts', () => {
    expect(MUST_MASK.length).toBeGreaterThanOrEqual(80);
    expect(MUST_STAY.length).toBeGreaterThanOrEqual(40);
  });

  it.each(MUST_MASK)('masks %p and restores it', (text, secrets) => {
    const vault = new PiiVault();
    const out = masker.mask(text, vault);
    const digitsOut = out.replace(/\D/g, '');
    for (const secret of secrets) {
      expect(out).not.toContain(secret);
      // Not even its digits, with the separators changed.
      const digits = secret.replace(/\D/g, '');
      if (digits.length >= 7) expect(digitsOut).not.toContain(digits);
    }
    expect(out.match(/\[[A-Z]+_\d+\]/g)?.length).toBe(secrets.length);
    expect(masker.restore(out, vault)).toBe(text);
    score.masked++;
  });

  it.each(MUST_STAY)('leaves %p alone', (text) => {
    expect(masker.mask(text, new PiiVault())).toBe(text);
    score.stayed++;
  });
});

describe('PiiMasker on generated phrasings', () => {
  const masker = new PiiMasker();
  const combine = (...parts: string[][]): string[][] =>
    parts.reduce<string[][]>((acc, opts) => acc.flatMap((a) => opts.map((o) => [...a, o])), [[]]);

  it('masks every mix of DNI announcement, number format and ending', () => {
    const leads = ['mi DNI es ', 'DNI N° ', 'D.N.I.: ', 'documento nro ', 'dni ', 'Documento: '];
    const numbers = ['30.123.456', '30123456', '30 123 456', '30\u00a0123\u00a0456', '7.123.456'];
    const ends = [' y quiero abrir una cuenta', '.', '\n¿qué necesito?', ', gracias', ''];
    for (const [lead, number, end] of combine(leads, numbers, ends)) {
      const out = masker.mask(`Hola, ${lead}${number}${end}`, new PiiVault());
      expect([number, out]).toEqual([number, `Hola, ${lead}[DNI_1]${end}`]);
    }
  });

  it('masks every mix of phone announcement and format', () => {
    const leads = ['mi cel es ', 'llamame al ', 'whatsapp: ', 'tel. ', 'celular\n', ''];
    const numbers = [
      '11 5555-1234',
      '(011) 4444-5555',
      '+54 9 11 5555-1234',
      '1155551234',
      '011-4444-5555',
    ];
    for (const [lead, number] of combine(leads, numbers)) {
      const out = masker.mask(`${lead}${number} cuando puedas`, new PiiVault());
      expect([number, out]).toEqual([number, `${lead}[TELEFONO_1] cuando puedas`]);
    }
  });

  it('leaves every mix of amount, unit and announcement-free context alone', () => {
    const numbers = ['2.345.678', '30.123.456', '1155551234', '12.345.678', '3.200.000'];
    const frames = [
      (n: string) => `el MERVAL hizo ${n} puntos`,
      (n: string) => `compré $ ${n} de AL30`,
      (n: string) => `tengo ${n} nominales`,
      (n: string) => `USD ${n} en bonos`,
      (n: string) => `invertí ${n} pesos en el DNI del banco`,
    ];
    for (const [n, f] of combine(
      numbers,
      frames.map((_f, i) => String(i)),
    )) {
      const text = frames[Number(f)](n);
      expect(masker.mask(text, new PiiVault())).toBe(text);
    }
  });

  it('gets through long runs of digits and separators (a backtracking blow-up would hit the test timeout)', () => {
    const text = Array.from({ length: 2000 }, (_, i) => `${(i * 7919) % 10000} -`).join(' ');
    expect(masker.mask(`mi DNI es ${text}`, new PiiVault())).toMatch(/^mi DNI es /);
  });
});
