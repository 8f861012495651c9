import type { OfflineAnswerer, OfflineQuestion } from '../offline-answerer';
import { displayName } from '../offline-tone';

/** "comprame 100 GGAL", "vendé mis bonos", "hacé la orden", "operá por mí". */
const PLACE_ORDER =
  /\b(compra(me|nos)|comprale|vende(me|nos)|vendele|(compra|vende) (mis|mi|\d+)|(hace|hacer|haceme|pone|poneme|mete|carga|cargame|ejecuta|ejecutame|manda|mandame) (la |una |el |mi )?(orden|operacion|compra|venta)|opera(me)? por mi|inverti (mi plata |mis ahorros |)por mi|compra(lo|la|los|las) vos|vende(lo|la|los|las) vos|(podes|puedes|podrias) (comprar|vender|operar|invertir)( por mi| vos)?)\b/;

/** "decime qué acción comprar", "¿qué compro?", "¿en qué invierto?", "recomendame un bono". */
const PICK_FOR_ME =
  /\b(decime|deci|dime|recomenda(me)?|sugeri(me)?|pasame) (que|cual|cuales|un|una|algun|alguna) ?(accion|acciones|bono|bonos|cedear|cedears|cripto|fondo|fci|activo|activos|papel|papeles|comprar|vender)?|\bque (compro|vendo|me compro)\b|\ben que (invierto|pongo la plata|meto la plata)\b|\bcual (compro|vendo|me compro)\b/;

/** Only plain-text operators of the question (folded, no accents), never the raw text. */
function wantsOrder(folded: string): 'place' | 'pick' | null {
  if (PLACE_ORDER.test(folded)) return 'place';
  if (PICK_FOR_ME.test(folded)) return 'pick';
  return null;
}

/**
 * The suitability rules, offline: the assistant never places or promises orders, and never tells
 * a user to buy or sell a given instrument. It says so, and offers what it can do instead.
 */
export class OrderRequestAnswerer implements OfflineAnswerer {
  readonly name = 'order-request';

  answer(q: OfflineQuestion): string | null {
    const kind = wantsOrder(q.folded);
    if (!kind) return null;
    const name = displayName(q);
    const first =
      kind === 'place'
        ? `No puedo operar por vos${name}: no ejecuto, no prometo ni simulo órdenes de compra o venta. Las órdenes las das vos desde la app o tu ALyC, cuando lo decidas.`
        : `No puedo decirte qué comprar o vender${name}: elegir un instrumento concreto depende de tu perfil, tus objetivos y tu horizonte, y esa decisión es tuya.`;
    return [
      first,
      'Lo que sí puedo hacer es explicarte cómo funciona cada instrumento, qué riesgos tiene (de precio, de liquidez, de moneda, del emisor) y qué criterios suelen mirarse para comparar alternativas.',
      '¿Querés que veamos alguno en particular?',
    ].join('\n\n');
  }
}
