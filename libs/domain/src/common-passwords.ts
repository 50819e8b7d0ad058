/**
 * Very common passwords, lower-case. Not meant to be complete: with a 12-character minimum most of the
 * world's top lists are already too short; this list exists to catch the long-enough-but-guessable ones and
 * their bases (the policy also strips trailing digits and symbols before looking up, so "sommer" here
 * catches "Sommer2025!"). Danish entries come from what Danish breach analyses keep finding: seasons, the
 * word for password, welcome, club names, cities and pets.
 */
export const COMMON_PASSWORDS: readonly string[] = [
  // International top lists
  '123456', '123456789', '12345678', '12345', '1234567', '1234567890', '123123', '111111', '000000', '654321',
  '666666', '121212', '112233', '123321', '987654321', '1q2w3e4r', '1q2w3e4r5t', '1qaz2wsx', 'qwerty',
  'qwerty123', 'qwertyuiop', 'qwertz', 'asdfgh', 'asdfghjkl', 'zxcvbnm', 'password', 'password1', 'passw0rd',
  'p@ssw0rd', 'p@ssword', 'pass', 'passpass', 'letmein', 'welcome', 'welcome1', 'admin', 'administrator',
  'root', 'login', 'iloveyou', 'princess', 'sunshine', 'monkey', 'dragon', 'football', 'baseball', 'soccer',
  'master', 'shadow', 'superman', 'batman', 'trustno1', 'whatever', 'freedom', 'starwars', 'pokemon',
  'michael', 'jennifer', 'charlie', 'jordan', 'hunter', 'buster', 'tigger', 'ashley', 'daniel', 'thomas',
  'jessica', 'michelle', 'computer', 'internet', 'secret', 'changeme', 'default', 'abc123', 'abcdef',
  'abcdefgh', 'abcd1234', 'aa123456', 'qazwsx', 'zaq12wsx', 'mustang', 'harley', 'ranger', 'cheese',
  'summer', 'winter', 'spring', 'autumn', 'hello', 'hello123', 'test', 'test123', 'testtest', 'guest',
  'access', 'flower', 'lovely', 'loveme', 'google', 'samsung', 'chelsea', 'liverpool', 'arsenal',
  'correcthorsebatterystaple', 'passwordpassword', 'qwertyqwerty', 'aaaaaaaaaaaa', 'iloveyou123',
  // Danish
  'kodeord', 'kodeord123', 'adgangskode', 'password123', 'velkommen', 'velkommen1', 'velkommen123',
  'sommer', 'sommer2023', 'sommer2024', 'sommer2025', 'sommer2026', 'vinter', 'vinter2024', 'foraar',
  'forår', 'efterår', 'efteraar', 'januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august',
  'september', 'oktober', 'november', 'december', 'mandag', 'fredag', 'danmark', 'danmark123', 'kobenhavn',
  'københavn', 'aarhus', 'århus', 'odense', 'aalborg', 'brøndby', 'brondby', 'fckobenhavn', 'fck', 'agf',
  'hejhej', 'hejsa', 'hemmelig', 'hemmeligt', 'elskerdig', 'jegelskerdig', 'kærlighed', 'mormor', 'morfar',
  'farmor', 'farfar', 'mor', 'far', 'kage', 'kanelsnegl', 'fodbold', 'haandbold', 'håndbold', 'kaffe',
  'hund', 'kat', 'bamse', 'skat', 'skattemand', 'prinsesse', 'lego', 'carlsberg', 'tuborg', 'hygge',
  'boligforening', 'afdeling', 'lejlighed', 'forebyg',
];
