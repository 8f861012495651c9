import { ExpiryWheel } from './expiry-wheel';

describe('ExpiryWheel', () => {
  afterEach(() => jest.useRealTimers());

  it('expires each item once, after its second has passed, and not the removed ones', () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const expired: string[] = [];
    const wheel = new ExpiryWheel<string>((s) => expired.push(s));
    wheel.add('a', 1_001); // 1 s from now
    wheel.add('b', 1_003);
    wheel.add('c', 1_003);
    wheel.add('gone', 1_002);
    wheel.remove('gone', 1_002);
    expect(wheel.size).toBe(3);

    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['a']);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['a']);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['a', 'b', 'c']);
    expect(wheel.size).toBe(0);
    jest.advanceTimersByTime(5000);
    expect(expired).toEqual(['a', 'b', 'c']);
  });

  it('expires an already expired item on the next tick, and restarts its timer when needed', () => {
    jest.useFakeTimers({ now: 5_000_000 });
    const expired: string[] = [];
    const wheel = new ExpiryWheel<string>((s) => expired.push(s));
    wheel.add('late', 4_000);
    jest.advanceTimersByTime(1000);
    expect(expired).toEqual(['late']);
    wheel.add('again', 5_002);
    jest.advanceTimersByTime(2000);
    expect(expired).toEqual(['late', 'again']);
  });
});
