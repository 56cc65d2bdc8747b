/**
 * What Kiro's current Okta guide (https://kiro.dev/docs/enterprise/identity-provider/okta/) lists,
 * written out once for the tests, apart from the program's own defaults so that a wrong default fails.
 */
export const GUIDE_PORTS = [3128, 4649, 6588, 8008, 9091, 49153, 50153, 51153, 52153, 53153];
export const GUIDE_PRIVATE_USE_URI = "kiro://kiro.oauth/callback";
/** The first revision's port that 3128 replaced: kept for clients that follow it. */
export const FIRST_REVISION_PORT = 2128;
