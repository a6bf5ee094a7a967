import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/src/core/config.js';
import { insertHtml, notify, pushCard } from '../../functions/src/gmail-addon/addon-response.js';
import { gmailAddonDeployment } from '../../functions/src/gmail-addon/deployment-descriptor.js';
import { actionResponseProblems, cardProblems, deploymentProblems, googleTriggerResponse, triggerResponseProblems } from '../support/workspace-addon-schemas.js';

const key = Buffer.alloc(32, 7).toString('base64');
const regionConfig = (region: 'eu' | 'us') =>
  readConfig({
    K_SERVICE: 'gmailAddon',
    GCLOUD_PROJECT: `herald-${region}`,
    HERALD_REGION: region,
    LINK_HOST: `go.${region}.herald.example`,
    LINK_KEYS: JSON.stringify({ current: 'k1', keys: { k1: key } }),
    UNINSTALL_WEBHOOK_SECRET: 'x'.repeat(40),
    RECIPIENT_KEYS: JSON.stringify({ current: 'r1', keys: { r1: key }, hashKey: key }),
  });

const card = { header: { title: 'Herald', subtitle: 'Spring launch' }, sections: [{ widgets: [{ textParagraph: { text: 'Hello' } }] }] };

describe("the Gmail add-on against Google's own protos (google-proto-files)", () => {
  it("each region's deployment descriptor is a google.cloud.gsuiteaddons.v1.Deployment", () => {
    for (const region of ['eu', 'us'] as const) expect(deploymentProblems(gmailAddonDeployment(regionConfig(region)))).toEqual([]);
  });

  it('a descriptor with a misspelt field, a wrong type or an unknown enum value is rejected', () => {
    const good = gmailAddonDeployment(regionConfig('eu'));
    const misspelt = { ...good, addOns: { ...good.addOns, gmail: { composeTriger: good.addOns.gmail.composeTrigger } } };
    expect(deploymentProblems(misspelt)).toEqual(['$.addOns.gmail.composeTriger: no such field in google.apps.script.type.gmail.GmailAddOnManifest']);
    const badEnum = { ...good, addOns: { ...good.addOns, gmail: { composeTrigger: { ...good.addOns.gmail.composeTrigger, draftAccess: 'FULL' } } } };
    expect(deploymentProblems(badEnum)).toEqual([expect.stringMatching(/^\$\.addOns\.gmail\.composeTrigger\.draftAccess: "FULL" is not one of .*METADATA/)]);
    expect(deploymentProblems({ ...good, oauthScopes: 'https://www.googleapis.com/auth/userinfo.email' })).toEqual(['$.oauthScopes: expected an array']);
  });

  it('every answer the add-on builds passes: the card pushed by the trigger, the notification, the inserted banner', () => {
    expect(triggerResponseProblems(pushCard(card))).toEqual([]);
    expect(actionResponseProblems(notify('No banner campaign is running for you right now.'))).toEqual([]);
    expect(actionResponseProblems(insertHtml('<a href="https://go.eu.herald.example/c/x"><img src="https://go.eu.herald.example/v/x" alt=""></a>'))).toEqual([]);
  });

  it('a card with an unknown field fails, naming where', () => {
    const bad = { ...card, sections: [{ widgets: [{ textParagraph: { text: 'Hello', colour: 'red' } }] }] };
    expect(cardProblems(bad)).toEqual(['$.sections[0].widgets[0].textParagraph.colour: no such field in google.apps.card.v1.TextParagraph']);
    expect(() => googleTriggerResponse({ action: { navigations: [{ pushCard: { ...card, footer: {} } }] } })).toThrow(/\$\.action\.navigations\[0\]\.pushCard\.footer: no such field in google\.apps\.card\.v1\.Card/);
  });

  it('a widget holding two kinds at once (a oneof in card.proto) fails', () => {
    expect(cardProblems({ sections: [{ widgets: [{ textParagraph: { text: 'a' }, divider: {} }] }] })).toEqual([expect.stringMatching(/widgets\[0\]: at most one of .*got textParagraph and divider/)]);
  });

  it('the envelope around the cards is checked too: an unknown wrapper field or a trigger answer wrapped like an action answer fails', () => {
    expect(triggerResponseProblems({ ...pushCard(card), stateChanged: true })).not.toEqual([]);
    expect(triggerResponseProblems({ renderActions: pushCard(card) })).not.toEqual([]);
    expect(actionResponseProblems({ renderActions: { hostAppAction: { gmailAction: { updateDraftActionMarkup: { updateBody: { insertContents: [{ content: 'x', contentType: 'HTML' }], type: 'IN_PLACE_INSERT' } } } } } })).not.toEqual([]);
  });
});
