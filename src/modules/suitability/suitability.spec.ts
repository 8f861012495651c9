import { suitabilityInstruction, suitabilityOf } from './suitability';

const now = new Date('2026-12-07T12:00:00Z');

describe('suitabilityOf', () => {
  it('is missing without a risk profile', () => {
    expect(suitabilityOf({}, now, 365)).toEqual({
      status: 'missing',
      ageDays: null,
      maxAgeDays: 365,
    });
  });

  it('is current when the profile is dated within the limit', () => {
    expect(
      suitabilityOf({ risk_profile: 'moderado', risk_profile_updated_at: '2026-06-01' }, now, 365),
    ).toEqual({ status: 'current', ageDays: 189, maxAgeDays: 365 });
  });

  it('is stale when older than PROFILE_MAX_AGE_DAYS', () => {
    expect(
      suitabilityOf(
        { risk_profile: 'agresivo', risk_profile_updated_at: '2025-11-01T00:00:00Z' },
        now,
        365,
      ),
    ).toMatchObject({ status: 'stale', ageDays: 401 });
    expect(
      suitabilityOf({ risk_profile: 'agresivo', risk_profile_updated_at: '2026-11-01' }, now, 30),
    ).toMatchObject({ status: 'stale' });
  });

  it('is stale without a date that proves it current', () => {
    expect(suitabilityOf({ risk_profile: 'conservador' }, now, 365).status).toBe('stale');
    expect(
      suitabilityOf({ risk_profile: 'conservador', risk_profile_updated_at: 'ayer' }, now, 365)
        .status,
    ).toBe('stale');
  });
});

describe('suitabilityInstruction', () => {
  it('asks to update a stale or missing profile before any strategy talk', () => {
    expect(suitabilityInstruction('stale', 365)).toMatch(/actualizar el perfil de inversor/);
    expect(suitabilityInstruction('stale', 365)).toContain('365 días');
    expect(suitabilityInstruction('missing', 365)).toMatch(/completar el perfil de inversor/);
    expect(suitabilityInstruction('current', 365)).not.toMatch(/actualizar|completar/);
  });
});
