import { extractFigures, readNumber } from './number-extraction';

/** Real Spanish phrasing → the figures that must be found (values after multipliers). */
const CASES: [string, number[]][] = [
  // Dollar rates, Argentine and plain formats.
  ['El dólar MEP cerró a $1.193,40 para la venta.', [1193.4]],
  ['El blue se vende a $ 1.225 y se compra a $ 1.205.', [1225, 1205]],
  ['El CCL está en 1.215,80 pesos.', [1215.8]],
  ['El oficial mayorista quedó en 1193.4 pesos.', [1193.4]],
  ['Hoy el dólar tarjeta cotiza $1.588,50.', [1588.5]],
  ['El cripto ronda los USD 1,02 por USDT.', [1.02]],
  ['Compra: 1180 | Venta: 1230', [1180, 1230]],
  ['Cotización: 1.193,40 (venta)', [1193.4]],
  ['la brecha con el oficial es del 3,8%', [3.8]],
  ['El dólar subió un 1,5 % en la semana.', [1.5]],
  // Inflation and rates.
  ['La inflación de octubre fue 2,3%.', [2.3]],
  ['La inflación interanual se ubicó en 31,3 %.', [31.3]],
  ['La inflación mensual dio 2.3% según el INDEC.', [2.3]],
  ['Un plazo fijo paga una TNA del 29% a 30 días.', [29]],
  ['La tasa de política monetaria está en 29 por ciento.', [29]],
  ['La BADLAR de bancos privados es 33,125%.', [33.125]],
  ['La LECAP S16O6 rinde una TEM de 2,35%.', [2.35]],
  ['La tasa subió 2 puntos porcentuales.', [2]],
  ['El FCI money market rinde 27,5% TNA.', [27.5]],
  ['Una TEA de 34,2% equivale a más que la inflación.', [34.2]],
  // Riesgo país and basis points.
  ['El riesgo país está en 573 puntos básicos.', [573]],
  ['El riesgo país bajó a 650 pb.', [650]],
  ['El riesgo país cerró en 1.120 puntos.', [1120]],
  ['Subió 25 bps en el día.', [25]],
  ['El spread es de 40pb.', [40]],
  ['Compró USD 120M en el MLC.', [120e6]],
  // Stocks and bonds.
  ['GGAL cotiza a $6.120,50 y bajó 1,25%.', [6120.5, 1.25]],
  ['YPFD subió 3,4% hasta $41.500.', [3.4, 41500]],
  ['El AL30 cotiza a 81.000 pesos cada 100 nominales.', [81000]],
  ['El GD30 vale USD 58,20.', [58.2]],
  ['SPY cotiza a US$ 512,3.', [512.3]],
  ['El Merval marcó 2.150.000 puntos.', [2150000]],
  ['El Merval en dólares es 1.951 puntos.', [1951]],
  ['La acción de Pampa se ubicó en $3.450.', [3450]],
  // Multipliers.
  ['Las reservas son de USD 42.000 millones.', [42e9]],
  ['Las reservas rondan los 42 mil millones de dólares.', [42e9]],
  ['El volumen operado fue de $12.500 millones.', [12.5e9]],
  ['Se necesitan 5 mil pesos para empezar.', [5000]],
  ['El banco central compró USD 120 millones.', [120e6]],
  ['Un patrimonio de 1,5 millones de pesos.', [1.5e6]],
  ['La deuda suma 2,3 billones de pesos.', [2.3e12]],
  ['Invertí $ 150.000 en el fondo.', [150000]],
  ['El mínimo es de 1000 pesos.', [1000]],
  // Plain-format thousands and decimals.
  ['Vale 1,234.56 dólares.', [1234.56]],
  ['El índice UVA está en 1450.32.', [1450.32]],
  ['Precio 98.75 por lámina.', [98.75]],
  // Things that must not count.
  ['Datos al 04/12 a las 12:00.', []],
  ['Datos al 04/12/2026, 12:00 hs.', []],
  ['Actualizado el 2025-10-31.', []],
  ['Actualizado 2025-02-09T14:55:00.000Z.', []],
  ['En 2024 la inflación fue alta.', []],
  ['octubre de 2025', []],
  ['El 31 de octubre se publicó el dato.', []],
  ['El AL30 y el GD30 son bonos en dólares.', []],
  ['La LECAP S16O6 vence pronto.', []],
  ['Comprá T2X5 o TX26 si buscás CER.', []],
  ['1. Abrí una cuenta.\n2. Transferí los pesos.\n3) Comprá.', []],
  ['- 1. Primer paso', []],
  ['El 1er paso es definir tu perfil.', []],
  ['Es el 2do mes seguido de baja.', []],
  ['Quedó 3° en el ranking.', []],
  ['Un plazo fijo a 30 días.', []],
  ['Podés elegir entre 3 opciones.', []],
  ['Hay 12 meses en el año.', []],
  ['Pagalo en 6 cuotas.', []],
  ['Operá en T+1.', []],
  ['Es la versión 2 del informe.', []],
  ['Datos del 20 de noviembre de 2026.', []],
  ['Entre 2023 y 2025 cambió mucho.', []],
  ['Esperá 48 horas.', []],
];

describe('extractFigures', () => {
  it('has a table of at least 60 real phrasings', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CASES)('%s', (text, expected) => {
    const values = extractFigures(text).map((f) => f.value);
    expect(values).toHaveLength(expected.length);
    values.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('tells percentages, basis points, index points and money apart', () => {
    const kinds = extractFigures(
      'Subió 2,5%, el riesgo país 600 pb, el Merval 2.100.000 puntos y el MEP $1.190.',
    ).map((f) => f.kind);
    expect(kinds).toEqual(['percent', 'bps', 'points', 'money']);
  });
});

describe('readNumber', () => {
  it('reads a dot followed by three digits as Argentine thousands first', () => {
    expect(readNumber('1.234').map((r) => r.value)).toEqual([1234, 1.234]);
  });

  it('reads a comma followed by three digits as an Argentine decimal first', () => {
    expect(readNumber('33,125').map((r) => r.value)).toEqual([33.125, 33125]);
  });

  it('keeps the precision shown', () => {
    expect(readNumber('1.193,40')).toEqual([{ value: 1193.4, decimals: 2 }]);
  });

  it('rejects broken grouping', () => {
    expect(readNumber('1.23.4')).toEqual([]);
  });
});
