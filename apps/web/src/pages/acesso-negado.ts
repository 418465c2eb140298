import { forbiddenPanel, replaceContent, startPublicPage } from '../lib/layout';

startPublicPage(() => replaceContent(forbiddenPanel()));
