// The error of a rule file pattern the extension will not run (lib/rules-regex*.js).
export class PatternError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PatternError';
  }
}
