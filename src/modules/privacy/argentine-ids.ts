/** Check-digit validators for Argentine identifiers (digits only). */

const digits = (s: string): number[] => [...s].map((c) => c.charCodeAt(0) - 48);

/** CUIT/CUIL: 11 digits, mod-11 check digit with weights 5,4,3,2,7,6,5,4,3,2. */
export function isValidCuit(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  if (!/^(20|23|24|25|26|27|30|33|34)/.test(value)) return false;
  const d = digits(value);
  const weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * d[i], 0);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  if (check === 10) return false;
  return check === d[10];
}

/** One CBU/CVU block: the weighted sum's complement to 10 is the block's last digit. */
function blockValid(block: number[], weights: number[]): boolean {
  const sum = weights.reduce((acc, w, i) => acc + w * block[i], 0);
  return (10 - (sum % 10)) % 10 === block[block.length - 1];
}

/** CBU and CVU: 22 digits in two blocks (8 + 14), each with its own check digit. */
export function isValidCbu(value: string): boolean {
  if (!/^\d{22}$/.test(value)) return false;
  const d = digits(value);
  return (
    blockValid(d.slice(0, 8), [7, 1, 3, 9, 7, 1, 3]) &&
    blockValid(d.slice(8), [3, 9, 7, 1, 3, 9, 7, 1, 3, 9, 7, 1, 3])
  );
}

/** Card numbers: 12 to 19 digits passing Luhn. */
export function isValidCard(value: string): boolean {
  if (!/^\d{12,19}$/.test(value)) return false;
  let sum = 0;
  for (let i = 0; i < value.length; i++) {
    let n = value.charCodeAt(value.length - 1 - i) - 48;
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}
