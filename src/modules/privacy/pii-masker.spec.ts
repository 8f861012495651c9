import { isValidCard, isValidCbu, isValidCuit } from './argentine-ids';
import { PiiMasker, PiiVault } from './pii-masker';

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
