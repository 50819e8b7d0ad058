import { hello } from '@forebyg/core';
console.log(hello());
