import { checkFigures, FigureEvidence, numbersInJson } from './figure-guard';

describe('checkFigures', () => {
  const toolResult = {
    rates: [{ casa: 'bolsa', compra: 1188.4, venta: 1193.4, as_of: '2026-12-04T15:00:00.000Z' }],
  };

  it('verifies a figure taken from a tool result, in the Argentine format', () => {
    const r = checkFigures('El MEP está a $1.193,40.', numbersInJson(toolResult));
    expect(r).toMatchObject({ checked: 1, unverified: 0 });
  });

  it('counts rounding to the precision shown as a match', () => {
    expect(checkFigures('El MEP está a $1.193.', numbersInJson(toolResult)).unverified).toBe(0);
    expect(checkFigures('El MEP está a $1193,4.', numbersInJson(toolResult)).unverified).toBe(0);
  });

  it('flags a figure no source gave', () => {
    const r = checkFigures(
      'El MEP está a $1.250 y el blue a $1.193,40.',
      numbersInJson(toolResult),
    );
    expect(r).toMatchObject({ checked: 2, unverified: 1, unverifiedFigures: ['1.250'] });
  });

  it('does not accept rounding coarser than the precision shown', () => {
    expect(checkFigures('El MEP está a $1.200.', numbersInJson(toolResult)).unverified).toBe(1);
  });

  it('matches reserves in millions whatever multiplier the answer uses', () => {
    const known = numbersInJson({ indicator: 'reservas', value: 41873, unit: 'millones de USD' });
    expect(checkFigures('Las reservas son USD 41.873 millones.', known).unverified).toBe(0);
    expect(
      checkFigures('Las reservas rondan los 42 mil millones de dólares.', known).unverified,
    ).toBe(0);
    expect(checkFigures('Las reservas son USD 45 mil millones.', known).unverified).toBe(1);
  });

  it('matches a rate given as a fraction when the answer shows a percentage', () => {
    const known = numbersInJson({ tnaClientes: 0.29 });
    expect(checkFigures('Paga una TNA del 29%.', known).unverified).toBe(0);
  });

  it('accepts figures the user wrote or the conversation already had', () => {
    const evidence = new FigureEvidence();
    evidence.addText('Tengo $150.000 y el dólar a 1.200, ¿me conviene?');
    expect(evidence.check('Con $150.000 a un dólar de $1.200 comprás 125 dólares.')).toMatchObject({
      checked: 3,
      unverified: 1,
    });
  });

  it('checks nothing in an answer without figures', () => {
    expect(checkFigures('El 1er paso es abrir una cuenta el 04/12.', [])).toMatchObject({
      checked: 0,
      unverified: 0,
    });
  });
});
