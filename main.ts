// The app `cdktf synth` / `cdktf deploy` run: the example stacks of stacks/.
import { App } from 'cdktf';
import { Host } from './lib';
import { DevelopmentStack } from './stacks/development-stack';
import { ProductionStack } from './stacks/production-stack';

const app = new App();

new DevelopmentStack(app, 'tstapp-dev');

// Declared at the app's root, so stacks of several teams can share it.
const production = new Host(app, 'example-prod', {
  issuer: 'https://auth.example.com',
  environment: 'production',
  credentials: { initialAccessToken: 'EXAMPLE_PROD_IAT' },
  scopes: {
    'tstapp_data.read': { description: 'Read tstapp data' },
    'tstapp_data.write': { description: 'Change tstapp data' },
  },
});
new ProductionStack(app, 'tstapp-prod', production);

app.synth();
