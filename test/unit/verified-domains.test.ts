import { describe, expect, it } from 'vitest';
import { detectFormat, headerKey } from '../../functions/src/directory/csv-formats.js';
import { domainOf, isFreeMailDomain, isVerifiedAddress } from '../../functions/src/trust/verified-domains.js';

describe('isVerifiedAddress', () => {
  const tenant = { verifiedDomains: ['acme.example', 'mail.acme.example'] };

  it('accepts only addresses on a verified domain, exactly', () => {
    expect(isVerifiedAddress(tenant, 'jane.doe@acme.example')).toBe(true);
    expect(isVerifiedAddress(tenant, 'Jane.Doe@ACME.example')).toBe(true);
    expect(isVerifiedAddress(tenant, 'x@mail.acme.example')).toBe(true);
    expect(isVerifiedAddress(tenant, 'ceo@initech.example')).toBe(false);
    expect(isVerifiedAddress(tenant, 'x@evilacme.example')).toBe(false);
    expect(isVerifiedAddress(tenant, 'x@sub.acme.example')).toBe(false);
    expect(isVerifiedAddress(tenant, 'acme.example')).toBe(false);
    expect(isVerifiedAddress(tenant, null)).toBe(false);
  });

  it('trusts nothing for a tenant stored before proofs existed', () => {
    expect(isVerifiedAddress({}, 'jane.doe@acme.example')).toBe(false);
    expect(isVerifiedAddress(null, 'jane.doe@acme.example')).toBe(false);
  });

  it('reads the domain after the last @', () => {
    expect(domainOf('"a@b"@acme.example')).toBe('acme.example');
    expect(domainOf('nobody@')).toBeNull();
  });
});

describe('isFreeMailDomain', () => {
  it('knows the big providers and not company domains', () => {
    for (const d of ['gmail.com', 'outlook.com', 'hotmail.com', 'yahoo.com', 'proton.me']) expect(isFreeMailDomain(d), d).toBe(true);
    expect(isFreeMailDomain('GMAIL.COM')).toBe(true);
    expect(isFreeMailDomain('acme.example')).toBe(false);
  });
});

describe('headerKey', () => {
  it('drops [notes], case and punctuation, as before', () => {
    expect(headerKey('Email Address [Required]')).toBe('emailaddress');
    expect(headerKey('Country/Region')).toBe('countryregion');
    expect(headerKey('a[b]c[d')).toBe('acd');
    expect(headerKey('Email [Required')).toBe('emailrequired');
    expect(detectFormat(['Email Address [Required]', 'First Name [Required]', 'Last Name [Required]'])?.name).toBe('google_admin');
  });

  it('handles a long run of [ (the old regex was quadratic on it)', () => {
    expect(headerKey('['.repeat(200_000) + 'x')).toBe('x');
    expect(headerKey('['.repeat(100_000) + ']tail')).toBe('tail');
  });
});
