export default { semi: true, singleQuote: true, trailingComma: 'all', printWidth: 100 };
