const config = { semi: true, singleQuote: true, trailingComma: 'all', printWidth: 100 };
export default config;
