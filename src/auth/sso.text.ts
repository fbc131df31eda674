// What the sign-in and single sign-on pages say, in one place.
export const SSO_TEXT = {
  signInWith: (name: string) => `Sign in with ${name}`,
  ambiguous:
    'We found more than one account that could be yours, so we did not sign you in. Please contact HR so they can correct the records.',
  unknown: 'There is no account for you in this application. Please contact HR if you should have one.',
  deactivated: 'Your account has been deactivated. Please contact HR if you think this is a mistake.',
  failed: 'Single sign-on did not complete. Please try again.',
  expired: 'Your sign-in took too long or was started in another window. Please try again.',
  cancelled: 'Single sign-on was cancelled or refused by the identity provider. Please try again.',
  unavailable: 'Single sign-on is not available at the moment. Please try again in a few minutes.',
  passwordSwitchedOff: (name: string) => `Password sign-in is switched off. Use “Sign in with ${name}”.`,
  cannotSwitchOffWithoutSso: 'Configure single sign-on (OIDC_ISSUER and the other OIDC_ variables) before switching password sign-in off.',
  switchedOn: 'Password sign-in is switched on for everyone.',
  switchedOff: 'Password sign-in is switched off, except for the break-glass administrator accounts.',
  reasons: {
    ambiguous: 'Claims match two accounts',
    unknown: 'No matching account',
    deactivated: 'Account deactivated',
    invalid_response: 'Invalid response',
    provider_error: 'Refused by the provider',
    expired: 'No sign-in in progress',
    throttled: 'Too many attempts',
  } as Record<string, string>,
};
