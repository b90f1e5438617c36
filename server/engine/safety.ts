/**
 * The safety floor: legal threats, self-harm and complaints to a regulator, found
 * in the visitor's own words before any policy runs. Pure and fast (it runs on
 * every message): all patterns compile once at module load.
 *
 * Pattern sources use a small dialect (see `rx`): a space matches any run of
 * white space (" ?" any or none), an apostrophe is optional ("don't" = "dont") and {MACROS} expand.
 * Matching runs on a lower-cased copy of the same length, so evidence is cut
 * from the visitor's own text.
 *
 * Scores: explicit wording 0.9-0.95, implicit wording 0.8-0.85, a policy example 0.5-0.9.
 * Any hit is a floor hit; the score orders hits and tells the agent how plain it was.
 */
import { SAFETY_CATEGORIES, type SafetyCategory } from '../../shared/codes.ts';
import { selfHarmProbability, type SelfHarmModel } from './safety-model.ts';
import { terms } from './text.ts';

export interface SafetyHit {
  category: SafetyCategory;
  score: number; // 0..1
  evidence: string; // the matched words, for the agent
}

const MACROS: Record<string, string> = {
  ME: '(?:myself|my self|meself)',
  CANT: "(?:can't|cannot|can not|could not|couldn't|can no longer|unable to|don't think i can)",
  DONT: "(?:don't|do not|don't really|don't even|do not even)",
  ANYMORE: '(?:anymore|any more|any longer|no more|no longer)',
  // A clause ends here: "I can't go on." but not "I can't go on the trip".
  STOP: "(?=\\s*(?:$|[.,!?;:)\\n-]|and |but |so |because |cos |{ANYMORE}|like this|living|with (?:life|my life)|ever again))",
  // "here" that is about this chat or queue is not about being alive.
  HERE: 'here(?! (?:on hold|waiting|in (?:this|the) (?:queue|chat|line)|all day|for (?:hours|ages)|again)\\b)',
  // "live in Spain", "living with a flatmate": where or how, not whether.
  NOTPLACE: '(?! (?:with|in|at|on|near|there|here|abroad|without|together|off|out|by|under)\\b)',
  INTENT: "(?:want|wanna|going to|gonna|thinking (?:about|of)|thought (?:about|of)|planning|plan to|tempted|urges?|feel like|felt like|might|i'll|about to|scared i'll|afraid i'll|ready to|decided to)",
  LAWYER: '(?:lawyers?|solicitors?|law firm|counsel|(?<!power of )attorneys?(?! general)|legal (?:team|counsel|department|representatives?|advis[eo]rs?)|barristers?|advocates?|abogados?|advogados?|avocats?|anwalt|anwälte)',
  OBJ: "(?:you|u|ya|y'all|you lot|you guys|them|it|this|that|(?:the|this) matter|my case|(?:your|the|this) (?:company|firm|bank|business|shop|store|airline)|[a-z][\\w&-]*)",
  // Regulators, ombudsmen and official bodies (UK, US, EU, AU, CA). The trailing guard drops
  // informational mentions: "FCA rules", "Ofcom's coverage map", "are you FSCS protected".
  BODY:
    "(?:cru|commission for regulation of utilities|data (?:protection )?people(?: in brussels)?|fsca|(?:banking|financial|telecoms|energy|insurance) complaints (?:service|authority|body)|(?:postal|energy|water|telecoms?|financial|banking|insurance|aviation|rail|gambling|broadcasting|privacy|health|medical|pharmacy|housing|transport|competition|industry) (?:regulator|ombudsm[ae]n|watchdog)|cbn|central bank of nigeria|fccpc|ncc|nigerian communications commission|ncr|national credit regulator|council for medical schemes|bank negara(?: malaysia)?|bnmlink|procon|banco central|irdai|central bank(?: of [a-z]+)?|m[ée]diateur(?: de l'?[a-z]+| [a-z]+)?|(?:whichever|whatever) (?:government )?(?:body|agency|authority|department|regulator|office) (?:that )?(?:licenses|licences|regulates|oversees|supervises|polices) [a-z]+(?: [a-z]+)?|people (?:who|that) (?:regulate|license|licence|oversee) (?:you|u|\\w+ (?:companies|firms|providers|suppliers))|fspo|afca|acma|crtc|state regulator|government (?:body|agency|department|regulator|authority) (?:for|of|on|that) [a-z]+|(?:independent|government|official|public|financial|energy|telecoms?) (?:body|agency|authority|organi[sz]ation|regulator|watchdog) (?:that|which|who) (?:regulates|oversees|supervises|polices)|(?:body|agency|authority|organi[sz]ation|regulator|watchdog) (?:that|which|who) (?:regulates|oversees|supervises|polices)|whoever (?:regulates|oversees|supervises|licenses|licences) (?:you|u|your \\w+|them|[a-z]+(?: [a-z]+)?(?: in [a-z]+)?)|cfpb|consumer financial protection bureau|ftc|federal trade commission|fcc|federal communications commission|fca|financial conduct authority|pra|psr|payment systems regulator|fos|(?:[a-z&]+ ){0,4}ombudsm[ae]n|(?:[a-z&]+ ){1,3}ombud|bafin|cnil|aepd|consob|dgccrf|agcm|arcep|comreg|bundesnetzagentur|verbraucherzentrale|acm|afm|amf|bbb|better business bureau|ico|information commissioner(?:'s office)?|data protection (?:authority|authorities|regulator|commissioner|commission|office|watchdog|agency|board)|supervisory authority|dpc|ofcom|ofgem|ofwat|orr|caa|civil aviation authority|cma|competition and markets authority|asa|advertising standards(?: authority)?|trading standards|consumer (?:protection|affairs|rights)(?! laws?| acts?| legislation| rules| regulations?)(?: (?:agency|bureau|office|authority|department|division|board|commission|body|team))?|consumer (?:watchdog|council|centre|center|body)|(?:[a-z]+ )?watchdog|(?<!(?:voltage|pressure|gas|heat|temperature|flow|valve|power|window|speed) )regulators?|regulatory (?:body|authority|authorities|agency)|attorneys? general|ag|ag's office|sec|securities and exchange commission|finra|occ|fdic|federal reserve|nydfs|dfs|department of (?:financial services|financial protection|consumer affairs|transportation|insurance|banking|justice|labou?r)|dot|public (?:utilit(?:y|ies)|service) commission|puc|cpuc|(?:state )?(?:insurance|banking) (?:commissioner|department|regulator)|accc|acma|afca|asic|tio|ccpc|mas|fmcsa|gdc|general dental council|gmc|nmc|ofsted|ewon|fsa|national consumer helpline|(?:state )?board of (?:pharmacy|nursing|medicine|dentistry|health)|cqc|care quality commission|(?:information and )?privacy commissioner|opc|(?:national )?consumer commission|commerce commission|gambling commission|canadian transportation agency|cta|irdai|sebi|rbi|trai|(?:nsw |office of |department of )?fair trading|consumer affairs victoria|crtc|ccts|abta|national enforcement body|european consumer cent(?:re|er)|european commission|cisas)(?!'?s? (?:contact|details|phone|email|address|rules?|guidance|guidelines|regulations?|register|number|reference|registration|website|app|portal|site|page|guide|handbook|reports?|data|figures|statistics|survey|map|checker|price cap|cap|ratings?|league tables?|list|requirements?|standards?|principles|code|definition|approved|authori[sz]ed|regulated|licen[cs]ed?|protected|protection|scheme|covered))",
};

/** Compile a pattern in the dialect above; macros may use macros. */
function rx(src: string): RegExp {
  let s = src;
  for (let i = 0; i < 3 && s.includes('{'); i++) s = s.replace(/\{([A-Z]+)\}/g, (m, k: string) => MACROS[k] ?? m);
  return new RegExp(s.replace(/'/g, "'?").replace(/ \?/g, '\\s*').replace(/ /g, '\\s+'), 'g');
}

interface Rule {
  category: SafetyCategory;
  score: number;
  re: RegExp;
  /** "I'm not going to sue": a negation just before the match cancels it. */
  negatable?: boolean;
  /** A context that disarms this rule for the whole message. */
  unless?: RegExp;
  /** Every alternative names an official body: skipped, cheaply, for a message that names none. */
  needsBody?: boolean;
}
const any = (...parts: string[]): string => parts.join('|');
/** The top-level alternatives of a pattern (those that `any` joined), split outside groups and classes. */
function alternatives(src: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(src.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(src.slice(start));
  return parts;
}

const rule = (category: SafetyCategory, score: number, src: string, extra: Partial<Rule> = {}): Rule => ({
  category,
  score,
  re: rx(src),
  needsBody: alternatives(src).every((part) => part.includes('{BODY}')),
  ...extra,
});

/** A work's title in quotes ("my novel 'Ending It All'"): its words are the title's, not the visitor's. Blanked like idioms. */
const TITLES = /\b(?:novel|book|song|film|movie|album|poem|play|story|game|podcast|show|track)s? (?:called |titled |named )?(?:'[^'\n]{1,60}'|"[^"\n]{1,60}"|“[^”\n]{1,60}”)/g;

// Figures of speech that reuse self-harm words; blanked out before matching.
const IDIOMS = rx(
  "\\b(?:kill(?:ing|ed)? {ME} (?:laughing|with laughter|trying|working|to (?:get|finish|make|find))|(?:nearly|almost|practically|could have|could've) kill(?:ed)? {ME}|dy(?:ing|e) (?:to|for) (?:know|see|try|get|hear|find|go|meet|visit|a|an|some)|die (?:of|from) (?:laughter|embarrassment|shame|boredom|curiosity|cringe|happiness|excitement)|die laughing|(?:want to|wanna|gonna|going to) die (?:lol|lmao|haha|rn lol)|(?:die|dying) (?:my|her|his|their|your) (?:hair|beard|clothes|jeans|shirt|shoes|roots)|(?:suicide|suicidal) (?:squad|doors?|mission|run|lane|bomber|bombings?|drills?|exclusions?|clauses?|provisions?|period)|(?:political|commercial|career|social|brand|corporate|financial) suicide|(?:fight|level|mission|boss|run|mode|difficulty|strategy|plan|move|idea|build|route|map)(?: is| was|'s)? (?:literally |basically |pure |just |straight )?suicide|(?:is|was) (?:literally |basically |pure |just |financial )?suicide(?:,? i know| lol| lmao| haha)|suicide (?:prevention|awareness) (?:workshop|training|course|event|charity|week|day|month|talk|session|programme|program)|(?:pay out|pays out|cover|covered|payout) for suicide|{CANT} go on like this with (?:the|this|your|my) (?:app|site|website|service|phone|internet|connection|wifi|broadband|laptop|system|account|bill)|hope to die|my life savings|life (?:insurance|cover|assurance|policy|expectancy))\\b",
);
/** A move, a trip or a new job: "gone for good", "won't be here next month" and cancelling everything are ordinary then. */
const MOVING = /(?<!\bnot |n't |never )\b(?:emigrat\w*|relocat\w*|moving (?:abroad|house|home|overseas|country|countries|to|back|out)|(?:on|for a) holiday|vacation|new job|overseas|abroad|travell?ing)\b/;
/** Proceedings someone else brings against the visitor ("he'll take me to small claims") are not a threat to the company. */
const AGAINST_VISITOR = /\b(?:take|taking|took|sue|suing|sued|drag|dragging|dragged|haul|hauling) (?:me|us)\b/;
/** Proceedings the visitor brings against someone of their own (a landlord, a tenant, an ex) are not against the company either. */
const NOT_AGAINST_COMPANY = new RegExp(
  `${AGAINST_VISITOR.source}|\\b(?:my|our|his|her|their) (?:neighbou?r|landlord|landlady|ex|flatmate|roommate|brother|sister|mum|mom|dad|friend|boss|employer|colleague|tenant|partner|husband|wife|son|daughter|builder|cousin|uncle|aunt)(?:'s)? (?:is|was|are|were|has|have|'s) (?:suing|taking|dragging|going to sue|threatening to sue|filed|filing|bringing)\\b|\\b(?:my )?(?:former|ex-?|previous|old) (?:employer|landlord|boss|company|agency)\\b[^.!?]{0,100}\\b(?:tribunal|court|small claims)|\\b(?:take|taking|took|sue|suing|sued) (?:him|her)\\b|\\bthe other (?:airline|company|bank|shop|store|provider|insurer)\\b|\\bfrom my (?:neighbou?r|ex|landlord|landlady|tenant|employer|builder)\\b|\\bnothing to do with (?:you|your company)\\b|\\btheir (?:insurer|insurance company)\\b|\\bsomeone else\\b[^.!?]{0,60}\\b(?:small claims|court)\\b|\\b(?:against|suing) (?:another|a different|other|the other|that other) (?:airline|bank|company|firm|shop|retailer|provider|insurer|landlord|business)\\b|\\b(?:take|taking|took|sue|suing|sued|drag|dragging|dragged) (?:my|our) (?:landlord|landlady|ex|neighbou?r|builder|tenant|employer|boss|contractor|mechanic|former \\w+|old \\w+)\\b|\\bnot against you\\b|\\bmy tenant\\b`,
);
/**
 * Where legal words are no threat to the company, so the legal rules stand down: the visitor's own affairs (a house
 * bought or sold, a mortgage, probate, an estate, a divorce, a trust; in French too), contract paperwork (a DPA, NDA,
 * MSA or SLA, procurement, due diligence), a claim between the visitor and their own employee, tenant or customer,
 * their ex or neighbour, and proceedings against someone else (NOT_AGAINST_COMPANY).
 */
const PAPERWORK = new RegExp(`${String.raw`\b(?:vente de (?:ma|notre) maison|achat de|notaire|succession|(?:dpa|nda|msa|sla)\b|enterprise (?:contract|plan|agreement)|procurement|vendor (?:form|onboarding)|due diligence|(?:claim|case|complaint|proceedings) (?:from|by|against) (?:a|an|our|my|one of our) (?:former |ex-)?(?:employee|staff member|tenant|customer|client|contractor|worker)|conveyanc|completion|redemption|remortgag|probate|power of attorney|executor|estate|inheritance|deceased|passed away|house (?:purchase|sale)|property (?:purchase|sale)|buying (?:a|my|our) (?:house|home|flat|property)|selling (?:a|my|our) (?:house|home|flat|property)|mortgage offer|divorce|trust fund|not against you|my tenant|my (?:ex|ex-husband|ex-wife|neighbou?r)\b)`}|${NOT_AGAINST_COMPANY.source}`);

const RULES: Rule[] = [
  // --- self_harm: explicit words are enough; implicit ones need first person and a whole clause.
  // Explicit suicide vocabulary, with common misspellings, and a few EU-language phrases.
  rule('self_harm', 0.95, any(
    "\\b(?:sui?ci?d(?:e|es|al|ial)|unalive {ME}|(?:kill?|kill?ing) {ME}|(?:to|i'll|gonna|will|might) off {ME}|self[- ]?harm(?:ing)?)\\b",
    "\\b(?:want|wanna|going) (?:to )?kms\\b",
    "\\b(?:selbstmord|suizid\\w*|mich umbringen|quiero morir(?:me)?|me quiero matar|je veux mourir|me suicider|voglio morire)\\b",
    "\\b(?:end|ending|take|taking|took) (?:my|this) (?:own )?life\\b|\\b(?:end|ending) (?:it all|everything)\\b(?! with)",
  ), { negatable: true }),
  // Wishing to die, not to exist, not to wake up.
  // "I don't want to live any more" in the languages visitors switch to mid-message.
  rule('self_harm', 0.9, any(
    "\\bn[ãa]o (?:aguento mais viver|quero mais viver|quero viver mais)\\b|\\bnie chc[eę] ju[zż] [zż]y[cć]\\b|\\bsitaki kuishi\\b|\\bkya faida jeene\\b|\\bno quiero (?:seguir )?vivir\\b|\\bya no quiero vivir\\b|\\bich will nicht mehr leben\\b|\\bje ne veux plus vivre\\b|\\bnon voglio più vivere\\b|\\bayoko na(?:ng)? (?:talaga )?mabuhay\\b|\\bmain jeena nahi?n? chahta\\b|\\bzindagi ka koi matlab nahi\\b|\\bab koi fayda nahi\\b|\\bc'est fini pour moi\\b|\\bben art[ıi]k yokum\\b|\\bje veux (?:tout )?arr[êe]ter de vivre\\b|\\bbu xiang huo (?:le)?\\b",
  )),
  rule('self_harm', 0.9, any(
    "\\b(?:want|wanna|wish|wishing|longing|ready) (?:to )?(?:just )?(?:die|be dead|not be alive|not exist|stop existing|not wake up|never wake up|sleep forever|disappear forever|be gone{STOP})\\b",
    "\\bwish (?:i|i'd)\\b[^.!?\\n]{0,40}?\\b(?:dead|die|never (?:been )?born|didn't exist|did not exist|wasn't (?:{HERE}|alive|around|born)|weren't (?:{HERE}|alive|around)|(?:not|never) wake up|never woke up)\\b",
    "\\b(?:sleep|fall asleep|go to sleep) and (?:never|not|don't|do not) wake up\\b|\\b(?:leave|leaving) this (?:world|earth|life)\\b",
    "\\b(?:(?:going to|gonna|want to|wanna|might|i'll) just|just (?:going to|gonna|want to|wanna)) end it(?=\\s*(?:$|[.!?\\n]))",
    "\\b(?:want|wish|need) (?:it all|everything|the pain|my life|life) to (?:stop|end|be over)\\b",
  )),
  // The negation is part of the phrase: "I don't want to be alive", "not sure I want to go on".
  rule('self_harm', 0.85, "\\b(?:{DONT}|no longer|never|not sure i|don't know if i|don't think i) (?:want|wanna|wish) (?:to )?(?:be {HERE} (?:much|any|for much|for any|very much) longer|be around (?:much|any|for much) longer|be alive|live{NOTPLACE}|exist{STOP}|go on{STOP}|carry on{STOP}|keep going{STOP}|keep living|wake up(?: tomorrow| in the morning)?{STOP}|be around{STOP}|be {HERE}{STOP}|be (?:on|in) this (?:earth|world|planet))"),
  // Pointlessness of living; "what's the point of this button" does not qualify.
  rule('self_harm', 0.85, any(
    "\\b(?:the|no|any|a) (?:point|reason) (?:in |of |to )?(?:living{NOTPLACE}|life|being alive|existing|live{NOTPLACE}|going on{STOP}|carrying on{STOP}|it all{STOP}|anything anymore)\\b",
    // "what's the point anymore": the point of nothing in particular, said alone.
    "\\bwhat(?:'s| is) (?:even )?the point (?:anymore|any more)(?=\\s*(?:$|[.,!?;\\n]))",
    "\\bnothing (?:left )?to live for\\b|\\b(?:life|it) (?:isn't|is not|'s not|ain't) worth (?:living|it anymore)\\b|\\bnot worth living\\b",
  )),
  // No way out, unless it is a way out of a contract, a building or a menu.
  rule('self_harm', 0.8, "\\b(?:no|can't see (?:a|any)|don't see (?:a|any)|can't find (?:a|any)|without (?:a|any)) (?:other )?way out\\b(?! of (?:the |this |my |your |our |a |an )?(?:contract|plan|agreement|deal|lease|subscription|booking|reservation|policy|term|tariff|mortgage|loan|car park|parking|building|airport|station|terminal|app|menu|screen|page|loop|account|chat|queue|settings|fee|charge|penalty|paying|payment)s?\\b)"),
  // Leaving: not being around much longer, others better off, nobody would notice, ending things for good.
  rule('self_harm', 0.85, any(
    "\\b(?:won't|will not|may not|might not|not going to) be (?:around|{HERE}|alive) (?:for )?(?:much|very much) longer\\b|\\b(?:won't|will not) be (?:around|alive) (?:for long|{ANYMORE})\\b",
    "\\b(?:better off|happier|easier) (?:without me|dead|if i (?:was|were|wasn't|weren't) (?:dead|gone|{HERE}|around|alive))\\b|\\b(?:would|'d|will) be better without me\\b",
    "\\b(?:nobody|no one|no-one|noone) (?:would|will|'d|is going to|gonna)? ?(?:even |ever )?(?:miss|notice|care about) me\\b",
    "\\b(?:miss(?:es)?|notices?|cares?|care about) (?:me )?(?:if|when|whether) i(?:'m| am| was| were)? (?:dead|gone|died|disappeared|live or die|lived or died|not {HERE}|wasn't {HERE}|wasn't around|weren't {HERE})\\b(?! for | on | to | from )",
    "\\b(?:end|ending|ended) (?:it|things) (?:all )?(?:for good|once and for all|tonight)\\b|\\bgoodbye (?:letters?|notes?)\\b",
  )),
  // Cannot go on / tired of living / a burden.
  rule('self_harm', 0.8, any(
    "\\b{CANT} (?:face (?:life|living|another day|going on|carrying on|tomorrow\\b(?!'s))|(?:go on|carry on|keep going|keep living|cope){STOP})|\\b{CANT} live (?:like this|with myself)\\b",
    "\\b(?:tired|sick|done|finished|had enough) (?:of|with) (?:living|life|being alive|existing)\\b|\\bgive(?:n)? up on (?:life|living)\\b",
    "\\b(?:i'm|i am) (?:just |only )?a burden (?:to|on) (?:everyone|everybody|my \\w+|them|the people)\\b",
  )),
  // Intent, plan or method: a verb of intent, then hurting oneself, pills, jumping; or the habit itself.
  rule('self_harm', 0.9, any(
    "\\b{INTENT}\\b[^.!?\\n]{0,24}?\\b(?:(?:hurt|harm|cutt?|hang|drown|shoot|poison|starv|injur)(?:e|ing)? {ME}|(?:take|taking|swallow|swallowing) (?:all|every one of|the rest of|a (?:whole |full )?(?:bottle|box|pack|packet|handful|bunch|load|lot) of|too many) (?:(?:of )?(?:my|the|these|those) )?(?:\\w+ )?(?:pills|tablets|meds|medication|painkillers|paracetamol)|overdos(?:e|ing)|od on)\\b",
    "\\b(?:been|started|back to) (?:cutting|hurting|harming|burning|starving) {ME}\\b",
    "\\b(?:took|swallowed) (?:a (?:whole |full )?(?:bottle|box|pack|packet|handful) of) (?:\\w+ )?(?:pills|tablets|meds|painkillers|paracetamol)\\b|\\b(?:stockpil\\w+|saving up|hoarding) (?:my |all my )?(?:pills|tablets|meds)\\b",
    "\\b(?:got|have|bought) (?:the|enough) (?:pills|tablets|rope) (?:ready|saved|lined up)(?=\\s*(?:$|[.!?\\n]))|\\benough (?:pills|tablets) to (?:end it|kill me|do it)\\b",
    "\\b(?:jump|jumping|throw myself|throwing myself) (?:off (?:a|the|this|that) (?:bridge|roof|building|cliff|balcony|tower|ledge)|in front of (?:a|the) (?:train|bus|car|lorry|truck))\\b",
    "\\b(?:have|made|making) a plan to (?:end it|die)\\b",
  )),
  rule('self_harm', 0.85, "\\b(?:thinking|thought|think|dreaming) (?:about|of) (?:not being (?:here|around|alive)|being dead|dying(?! my| your| it| the| her| his)|death(?! benefits?| cover| certificate| in service)|ending it(?! with| early| now| there| here| before)|disappearing for good)\\b"),

  // --- legal_threat: starting or threatening legal action against the company.
  // Suing: any first- or second-person use; "sue me" (the company suing the visitor) and names are not threats.
  rule('legal_threat', 0.9, "\\b(?:sue|suing)\\b(?!-| (?:me|us|him|her|my)\\b)", { negatable: true, unless: NOT_AGAINST_COMPANY }),
  // Named proceedings and their paperwork (letter before action, class action, small claims).
  rule('legal_threat', 0.9, "\\b(?:law ?suits?|legal (?:action|proceedings|claim|challenge|steps?)|court (?:action|proceedings|claim)|class[- ]action|letter (?:before|of) (?:action|claim)|pre[- ]action (?:letter|protocol)|cease and desist|small claims?(?: court| track)|small claims|legal (?:route|channels|avenue)|(?:demand|solicitor's|lawyer's) letter|letter of demand|(?:pursue|pursuing) (?:this|it|the matter|you) (?:through the courts|in court|legally)|(?:money|county court) claim|(?:issue|issues|issuing|start|starts|starting|begin|commence|commencing|bring|brings|bringing) (?:formal |legal |court )?proceedings|(?:file|filing|lodge|bring|bringing) (?:a )?(?:claim|suit|case) against (?:you|your|this|the (?:company|bank|business|firm|shop|store|landlord|insurer))|fil(?:e|ing|ed) (?:a )?(?:law)?suit|judgm?ent against (?:you|your))\\b", { negatable: true, unless: NOT_AGAINST_COMPANY }),
  // Court and judge, with a verb that points them at the company ("a court date" alone is not a threat).
  rule('legal_threat', 0.9, "\\b(?:take|taking|took|drag|dragging|dragged|haul|hauling|bring|bringing|see|seeing|settle|settling|fight|fighting|sort|sorting|meet) (?!me |us |my |our |his |her |their |him )(?:{OBJ} )?(?:(?:all the way|straight|right) )?(?:to|in|into|before|through|thru|at) (?:a |an |the )?(?:small claims?|county|district|civil|magistrates?'|magistrates|sheriff|federal|state|claims|employment|industrial)? ?(?:courts?|tribunal|judge)\\b|\\b(?:go|going|went) to court (?:over|about|for) (?:this|it|that)\\b|\\b(?:hold|stand) up in court\\b|\\bend(?:s|ing)? up in court\\b(?! (?:over|with|for|about) (?:my|our|a|the) (?:neighbou?r|ex|divorce|custody|fence|landlord|tenant))|\\btake (?:{OBJ} )?to arbitration\\b", { negatable: true, unless: NOT_AGAINST_COMPANY }),
  // "Explain it to a judge", "let the courts decide": the visitor imagines the company in front of one.
  rule('legal_threat', 0.8, "\\b(?:explain|justify|tell|defend) (?:(?:it|this|that|yourself|yourselves|your \\w+|them|all this) )?(?:to|in front of|before) (?:a|the) (?:judge|jury|magistrate)\\b|\\b(?:let|have) (?:a|the) (?:judge|court|courts) (?:decide|sort|rule)\\b|\\bin front of (?:a|the) (?:judge|jury|magistrate)\\b"),
  // A lawyer brought in against the company. "My lawyer told me to keep receipts" (advice) does not fire.
  rule('legal_threat', 0.85, any(
    "\\b(?:hear|hearing|heard|letter|call|email|notice) from (?:my|our) (?:own )?{LAWYER}|\\b(?:going|gone|sent|sending|send) (?:straight )?to (?:my|our|a) {LAWYER}(?!'s)",
    "\\b(?:have|got) (?:a |my )?{LAWYER} (?:ready|lined up|on standby|waiting)(?! to (?:sign|complete|exchange|witness|draft|help with the (?:sale|purchase)))",
    "\\b(?:instruct|instructed|instructing|hire|hired|hiring|retain|retained|retaining|engage|engaged|engaging|get|getting|got|call|calling|contact|contacted|contacting|consult|consulted|consulting|involve|involved|involving|bring in|bringing in|brought in|cc|cc'd|ccing|copying in|copied in|(?:forward|pass|hand)(?:ed|ing)? (?:this|it|everything|all of this|the matter) (?:on |over )?to|(?:i'll|i will|going to|gonna|i'm) (?:be )?(?:speak|speaking|talk|talking) to|spoken to|been in touch with|(?:get|getting) in touch with) (?:a |an |my |our |the |me a |myself a )?(?:own )?{LAWYER}",
    "\\b(?:my|our) (?:own )?{LAWYER} (?:will|'ll|is going to|are going to|shall|gonna|is|are|has|have|has been|have been|is now|will now)? ?(?:be )?(?:in touch|contacting you|contact you|writing to you|write to you|sending you|send you|hear(?:ing)? (?:about|of) (?:this|it)|all over this|drafting|preparing|filing|dealing with (?:this|it|you)|deal with (?:this|it|you)|handling this|handle this|instructed|informed|notified|copied|cc'd|aware|involved|on (?:this|it|the case)|taking (?:this|it) (?:on|up|further))",
    "\\b(?:take|taking|took) (?:this|it|the matter|things) (?:further |up )?with (?:my|our|a) {LAWYER}|\\b(?:have|get|let|make) (?:my|our) {LAWYER} (?:look|deal|handle|contact|write|call|sort)",
    // "My solicitor has drafted a letter about your charges": paperwork aimed at the company.
    "\\b(?:my|our) (?:own )?{LAWYER} (?:has|have|had|is|are) (?:already |now |just )?(?:drafted|drafting|written|writing|prepared|preparing|sent|sending) (?:a|the|you a|up a) (?:formal |legal )?(?:letter|claim|complaint|notice)",
    "\\b(?:my|our) {LAWYER} (?:says|say|said|thinks|reckons|believes|agrees) (?:that |what )?(?:you|your|this is|it's|i have a|we have a)|\\blawyer(?:ing|ed)? up\\b",
    "\\b(?:i'm|i am|i'll|i will|i've|i have|we're|we'll|we've|will be|now) (?:now |already |also )?(?:seeking|taking|getting|sought|taken|obtained|obtaining|seek|take|get) (?:independent |proper |professional |formal )?legal advice",
  ), { negatable: true, unless: PAPERWORK }),

  // --- regulatory_complaint: the company named as the subject of a complaint to an official body.
  // A complaint verb, then a body later in the same sentence ("calm" mentions like "FCA rules" are cut by BODY).
  rule('regulatory_complaint', 0.9, "\\b(?:complain(?:ing|ed|ts?)?(?![^.!?\\n]{0,40}\\babout my (?:council |housing |private )?(?:landlord|neighbou?r|employer|ex)\\b)|report(?:ing|ed)?(?! (?:(?:the|that|this|a) (?:number|caller|scammer|scam|call|text|email|website|site|fraudster|phone number|message|man|woman|guy)|him|her|me)\\b)|escalat(?:e|ing|ed)|flag(?:ging|ged)?|refer(?:ring|red)?|lodg(?:e|ing|ed)|(?:fil|rais|submitt?|register)(?:e|ed|ing)? (?:a |an |my |formal )*(?:complaint|report|case|grievance|dispute|petition))\\b[^.!?\\n,;]{0,60}?\\b{BODY}\\b", { negatable: true }),
  // Taking something to a body ("take it up with Ofcom"), or a contact verb close before it ("call the CFPB").
  rule('regulatory_complaint', 0.85, any(
    "\\b(?:go(?:ing)?|went|gone|tak(?:e|ing|en)|took|bring(?:ing)?) (?:{OBJ} )?(?:up |further |straight |directly |right )?(?:to|with) (?:the |my |our |your |a |local |state )*{BODY}\\b",
    "\\b(?:cc'?d|cc'?ing|copied in|copying in|contact(?:ing|ed)?|call(?:ing|ed)?|writ(?:e|ing|ten)|wrote|email(?:ing|ed)?|notify(?:ing)?|notified|inform(?:ing|ed)?|alert(?:ing|ed)?|tell(?:ing)?|told|let(?:ting)?|involv(?:e|ing|ed)|get(?:ting)?|got|in touch with|hear(?:ing|d)? from|reach(?:ing|ed)? out to|(?:a|open) (?:case|dispute|complaint) with)(?: [^\\s.!?]+){0,5}? (?:the |my |our |your |a |local |state |straight to |directly to |to |with )*{BODY}\\b",
  ), { negatable: true }),
  // The body first: "Ofgem will be told", "my CFPB complaint", "the ombudsman is involved".
  rule('regulatory_complaint', 0.85, "\\b{BODY}(?: is| are| will| shall| can|'s|'ll| have| has| had|'ve)? (?:(?:already|now|soon|going to|gonna|be|been|being|getting|also|then) )*(?:hear(?:ing)? (?:about|of) (?:this|it|you)|hear(?:ing)? from (?:me|us)|involved|look(?:ing)? into (?:this|it|you)|investigat(?:e|ing) (?:this|it|you)|aware of this|informed|notified|told|contacted|alerted|sort (?:this|it|you)|deal with (?:this|it|you)|complaint|case|referral|dispute)\\b"),
  // --- Implicit wording, second pass (each pattern a general shape, not a sentence).
  // Not being alive or around for what comes next: "I won't be here to pay it", "I doubt I'll still be around when they reply".
  rule('self_harm', 0.85, any(
    "\\b(?:won't|will not|wont|not going to|may not|might not|doubt i'll|don't think i'll|don't know if i'll|not sure i'll) (?:still )?be (?:around|{HERE}|alive) (?:to (?:pay|deal with|face|need|finish)\\b|to see (?:it through|how (?:it|this) ends|the (?:court|end|outcome|result|next|renewal|day|new year)|another|christmas|next|my)|by the time|when (?:they|you|it|the)|for (?:much|long)|after (?:this|tonight|tomorrow|the weekend)|much longer|long enough)",
    "\\bdon't see myself (?:making it|being (?:here|around|alive)|lasting|surviving)\\b",
    "\\b(?:not )?plan(?:ning)? on being (?:here|around|alive) (?:much |for much )?(?:longer|long)\\b",
    "\\b(?:once|after|when) i'm gone\\b(?! (?:on|for|to|abroad|away|travell?ing|out|home))",
    "\\bwon't matter (?:after|by|past|once) (?:this|tonight|tomorrow|the weekend|next|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\\b",
    "\\bwon't have to (?:deal with|put up with|worry about|look after|bail out) me (?:much |for much )?(?:longer|anymore|any more)\\b",
  )),
  // Saying goodbye for good; putting affairs in order "before I go"; resting "for good".
  rule('self_harm', 0.85, any(
    "\\bthis is (?:my )?(?:goodbye|last goodbye|final goodbye)\\b|\\bsaying goodbye (?:to everyone|for good|forever)\\b",
    "\\b(?:rest|sleep|be at peace) for good\\b|\\bcheck(?:ing)? out (?:permanently|for good|of (?:life|this world))\\b",
    "\\b(?:written|wrote|writing|left) (?:goodbye )?(?:letters?|notes?) (?:to|for) (?:my )?(?:kids|children|family|wife|husband|partner|mum|mom|dad|parents|everyone|son|daughter)\\b",
    "\\b(?:pray(?:ing)?|hop(?:e|ing)|wish(?:ing)?) (?:that )?i (?:don't|do not|won't|never) wake up\\b|\\bto not wake up\\b|\\bgo quietly in my sleep\\b|\\bways to go quietly\\b",
  )),
  // Means and plans: stepping in front of a train, a bridge, a rope, a running engine, cutting, pills set aside.
  rule('self_harm', 0.9, any(
    "\\b(?:step|stepping|stepped|walk|walking|jump|jumping|throw myself|throwing myself|lie down|lying down) (?:out )?in front of (?:a|the) (?:train|bus|car|lorry|truck|tram)",
    "\\bbridge\\b[^.!?\\n]{0,80}\\b(?:climb over|jump off|go over the edge)|\\b(?:climb over|jump off)\\b[^.!?\\n]{0,40}\\bbridge\\b",
    "\\b(?:bought|buy|got|have) (?:the|a|some) rope\\b(?! (?:ladder|swing|for the|to tie|to hang (?:the|a|my) (?:washing|picture|hammock)))",
    "\\bengine running\\b[^.!?\\n]{0,60}\\b(?:garage|closed|hose)|\\b(?:closed|shut) garage\\b[^.!?\\n]{0,60}\\bengine",
    "\\b(?:cut|cutting|slit|slitting) (?:my|both) (?:arms?|wrists?|thighs?|legs?) (?:again|open)?\\b(?! on | while | when | by accident| accidentally)",
    "\\b(?:putting|put|setting|set|saving|saved|stockpil\\w*|hoarding|hoarded|collecting|collected) (?:up )?(?:(?:enough|all|some) )?(?:of )?my (?:\\w+ )?(?:pills|tablets|meds|medication|painkillers)(?: aside| away| up)?\\b(?! (?:for (?:the|my) (?:trip|holiday|travel)|in (?:the|a) (?:box|organiser|organizer)))",
    "\\bself[- ]inflicted\\b",
    "\\b(?:would|'d) be better off with(?:out)? [^.!?\\n]{0,40}? than (?:with )?me\\b",
    "\\b{CANT} do this (?:anymore|any more)\\b(?=[\\s\\S]*\\b(?:done with (?:all of it|everything|it all|life)|properly done|lost (?:the|my) (?:house|home|job|business)))",
    "\\bending it (?:would|will|might|could) (?:be )?(?:easier|better|simpler|a relief)\\b|\\b(?:easier|better) (?:to )?(?:just )?end it\\b",
  )),
  // A burden, simply said; nobody noticing one gone for good.
  rule('self_harm', 0.8, any(
    "\\bi'm (?:just |only |nothing but |such )?a burden\\b(?! of proof| on the system)",
    "\\b(?:nobody|no one|no-one|noone) would (?:even |ever )?(?:notice|miss me|care) if i (?:disappeared|was gone|were gone|died|vanished)\\b",
  )),

  // Bringing a long-named grievance to a body: "I'm bringing your refusal of my claim to the FSPO".
  rule('regulatory_complaint', 0.85, "\\b(?:bring|bringing|brought|take|taking|took|escalate|escalating|escalated)\\b[^.!?\\n]{0,60}?\\bto (?:the )?{BODY}\\b", { negatable: true }),
  // A complaint to whichever body regulates the company, named by what it does: "find out whoever regulates you lot and report you to them".
  rule('regulatory_complaint', 0.85, "\\bwhoever (?:regulates|oversees|supervises) (?:you|u|your \\w+)(?: lot| guys| people)?\\b[^.!?\\n]{0,40}\\b(?:report|complain|tell|write)\\w*\\b"),
  // A claim already decided on, or a lawyer already consulted with a court in view.
  rule('legal_threat', 0.85, any(
    "\\b(?:my|our) {LAWYER} (?:will|'ll|is going to|are going to) make (?:you|u|your company) pay\\b",
    "\\b(?:my|our) {LAWYER} (?:will|'ll|is going to|are going to) (?:open|start|file|bring|issue|begin) (?:a |the )?(?:process|case|claim|proceedings|lawsuit)\\b",
    "\\bpursu(?:e|ing) (?:\\w+ )?damages\\b|\\bno[- ]win,? no[- ]fee\\b|\\bdecided by a (?:court|judge)\\b|\\b(?:my|the) claim is being (?:drafted|prepared|filed|issued|lodged)\\b|\\bexpect to hear from (?:the )?courts?\\b|\\b(?:a|the) judge (?:looking at|will (?:see|look at|decide))\\b",
    "\\bgoing ahead with (?:a|the|my) (?:legal )?(?:claim|case|action|lawsuit) against\\b",
    "\\b(?:speaking|spoken|talking|talked|consulting|consulted) (?:to|with) (?:a |my |our )?(?:own )?{LAWYER}\\b[^!?\\n]{0,80}\\b(?:court|claim|sue|suing|damages|lawsuit|legal action)\\b",
  ), { unless: PAPERWORK }),
  // Being served, or a case made in court in other words: "expect a summons", "make case against you", "put a demand against your company".
  rule('legal_threat', 0.85, any(
    "\\b(?:expect|expecting|you'll (?:get|receive)|you will (?:get|receive)|you'll be served|you will be served (?:with)?) (?:a |my |our |the )?(?:summons|writ|claim form|court papers)\\b",
    "\\b(?:make|making|bring|bringing|file|filing|put|putting|lodge|lodging) (?:a )?(?:case|demand|complaint|claim) against (?:you|your|u)\\b[^.!?\\n]{0,40}\\b(?:court|judge|tribunal)\\b",
  )),
  // Legal action in other words: a strong case, being served, a group action, a lawyer's letterhead, a tribunal.
  rule('legal_threat', 0.85, any(
    "\\b(?:i've|we've|i have|we have|i've got|we've got) got a (?:very |really )?(?:good|strong|solid|watertight|cast-iron) (?:legal )?(?:case|claim)\\b|\\b(?:reckons|says|thinks) i(?:'ve| have)? (?:got )?a (?:very |really )?(?:good|strong|solid) (?:case|claim)\\b",
    "\\bno win,? no fee\\b|\\b(?:strong|good|solid) claim for (?:the|my) (?:fall|injury|accident)\\b",
    "\\b(?:you'll|you will|you're going to|you are going to|you'll soon) be (?:getting )?served\\b|\\bget(?:ting)? (?:you )?served\\b",
    "\\bgroup (?:action|litigation|claim|lawsuit)\\b",
    "\\b(?:my|our) {LAWYER}(?:'s| is| are|'re| will be|'ll be)? (?:already |now |currently )?(?:sending|issuing|filing|lodging|serving|drafting|preparing|opening|starting|handling|pursuing|bringing) (?:the |a |an |my |our )?(?:\\w+ ){0,2}(?:claim|papers|letter|proceedings|lawsuit|suit|summons|case|processo)\\b",
    "\\b(?:law firm|solicitors?|lawyers?|attorneys?)'?s? letterhead\\b",
    "\\b{LAWYER} (?:has|have|had|'s got|has got) (?:the |all the |my )?(?:paperwork|papers|claim|documents|forms|case|letter) (?:ready|drafted|prepared|filed|lined up)\\b",
    "\\b(?:my|our) {LAWYER} (?:eats|will eat|would eat|destroys|will destroy|is going to (?:destroy|love|enjoy|find)|is gonna (?:destroy|love|enjoy|find)|will (?:love|enjoy|find)|would (?:love|enjoy|find))\\b",
    "\\b(?:booked|booking|made|have|got) an? (?:appointment|meeting|consultation) with (?:a |an |my )?(?:\\w+ )?{LAWYER}",
    "\\b(?:explain(?:ing)?|justify(?:ing)?) (?:to|in front of|before) (?:a|the) (?:judge|jury|magistrate|court)\\b|\\b(?:explain(?:ing)?|justify(?:ing)?)\\b[^.!?\\n]{0,10}\\bto (?:a|the) judge\\b",
    "\\b(?:going|goes|heading|headed|off) to (?:the )?(?:district|county|small claims|civil|magistrates'?|federal|state|high|circuit) court\\b|\\bin (?:the )?(?:district|county|small claims|civil|magistrates'?|federal|state|high|circuit) court\\b",
    "\\b(?:lodg|fil|submit|apply|appl)\\w* (?:an? )?(?:application|claim|case)? ?(?:with|to|at|through) (?:the )?(?:vcat|ncat|qcat|sacat|small claims tribunal|civil (?:and administrative )?tribunal|money claim online|mcol)\\b",
    "\\b(?:hold|stand) up in court\\b[^.!?\\n]{0,60}\\b(?:intend|going to|gonna|will|prove)\\b|\\bprove it in court\\b",
  ), { unless: PAPERWORK }),

  // Complaints to a body in other words: filed with, sending everything to, raising it with, the body about to hear.
  rule('regulatory_complaint', 0.85, any(
    "\\b(?:filed|filing|file|lodged|lodging|submitted|submitting|opened|opening|raised|raising|raise|made|making|escalated|escalating|sent|sending|send|forward(?:ed|ing)?) (?:a |an |my |this |it |the |everything |all of (?:this|it) )?(?:complaint |report |case |claim |matter |details |evidence |screenshots |transcript )?(?:on )?(?:with|to) (?:the )?{BODY}\\b",
    "\\b{BODY}(?: [a-z]+){0,2} (?:complaint|case|referral|report) (?:lodged|filed|submitted|going in|goes in|sent|made|opened|is in|done)\\b",
    "\\b{BODY}(?: [a-z]+)? (?:is|are|will be|'s|'re|'ll be) (?:going to |gonna )?(?:love|enjoy|be (?:very )?interested in|getting (?:a|an) (?:call|letter|complaint|email)|hear(?:ing)? (?:exactly |all )?(?:how|what|about))\\b",
    "\\b{BODY} (?:should|will|need to|needs to|ought to) (?:know|hear|see)\\b",
    "^(?:the )?{BODY} (?:and|&|plus) (?:small claims|court|my (?:lawyer|solicitor|attorney))\\b",
  ), { negatable: true }),
  // --- Third pass: broader shapes.
  rule('self_harm', 0.85, any(
    "\\bpoint (?:in|of) (?:being around|being here|being alive|going on|carrying on)\\b",
    "\\b(?:won't|will not|wont) be (?:around|here|alive)\\b[^.!?\\n]{0,40}\\b(?:by then|after (?:this|tonight|tomorrow|the weekend|next))\\b(?=[\\s\\S]*\\b(?:no point|doesn't matter|does not matter|won't need|at peace|goodbyes?|nothing left|tired of everything)\\b)",
    "\\b(?:no point|doesn't matter|does not matter|goes to my \\w+)\\b[\\s\\S]{0,120}\\b(?:won't|will not|wont) be (?:around|here|alive) (?:to \\w+ (?:it|them) )?(?:by then|after)",
    "\\bgarage\\b[^.!?\\n]{0,60}\\bengine running\\b|\\bengine running\\b[^.!?\\n]{0,60}\\bgarage\\b",
    "\\b(?:keep|kept|started|been|am|i'm) cutting (?:again|myself)\\b|\\bcutting again\\b",
    "\\blast (?:message|text|thing) (?:i'll|i will) ever (?:send|write|say)\\b|\\bsaid (?:my|all my) goodbyes\\b",
    "\\b(?:want|wanna|wish|going) to (?:just )?disappear for good\\b|\\b(?:rather|prefer to|like to|want to|wanna) (?:just )?not (?:exist|be here|be alive|wake up)\\b",
    "\\bdon't trust myself (?:to (?:stay|be|keep) safe|tonight|alone|around)\\b|\\b(?:can't|cannot) keep myself safe\\b|\\bnot (?:feeling )?safe (?:with|from) myself\\b",
    "\\b(?:jump|jumping|jumped|throw myself|threw myself|fall|falling) (?:off|from) (?:a|the|this|that|my) (?:\\w+ )?(?:bridge|roof|building|cliff|balcony|tower|ledge|car park|multi-storey)\\b",
    "\\b(?:cliff|ledge|edge|bridge|roof|balcony)\\b[^.!?\\n]{0,60}\\b(?:stepping off|step off|walking off|go over)\\b|\\bstanding on (?:the|a) (?:bridge|ledge|roof|edge|cliff)\\b[^\\n]{0,80}\\b(?:not sure|don't know|thinking|might)\\b",
    "\\bhow many (?:of )?(?:my )?(?:\\w+ )?(?:pills|tablets|meds|medication|painkillers)\\b[^.!?\\n]{0,30}\\b(?:it would take|would it take|to take|does it take)\\b",
    "\\bgiving (?:away )?(?:all )?(?:my stuff|my things|everything|my belongings|all my)\\b[^.!?\\n]{0,15}\\baway\\b[^.!?\\n]{0,40}\\bwon't need\\b",
    "\\bdrive (?:\\w+ ){0,3}into (?:a|the) (?:wall|tree|river|lake|sea|bridge|truck|lorry)\\b",
    "\\bif i (?:was|were) (?:gone|dead|not here|not around)\\b",
  )),
  rule('legal_threat', 0.85, any(
    "\\b(?:lodg|fil|issu|start|mak|submit|bring)\\w* (?:a |my |the )?(?:claim|case|action|proceedings) (?:at|in|with|through) (?:the )?(?:\\w+ )?(?:court|tribunal)s?\\b",
    "\\bmoney ?claims?(?: online)?\\b(?! (?:is|was) (?:a|the) (?:scam|fake))|\\bmcol\\b",
    "\\b(?:my|our) {LAWYER} will be (?:the one|asking|in touch|dealing|handling)\\b",
    "\\b(?:recover|recovering|pursue|pursuing|claim|claiming|take|taking|get|getting|chase|chasing|seek|seeking)\\b[^.!?\\n]{0,40}\\bthrough the courts?\\b|\\bintend to (?:pursue|seek|claim) (?:damages|compensation)\\b",
    "\\binstruct(?:ed|ing)? (?:a |an )?(?:firm|law firm|legal firm|solicitors?|lawyers?|debt recovery (?:firm|agency))\\b",
    "\\b(?:lodg|fil|submit|apply|appl|go|going|take|taking)\\w* (?!me |us |my |our |him |them to an? (?:employment )?tribunal)(?:\\w+ ){0,3}(?:at|with|to|through|in) (?:the )?(?:\\w+ )?(?:disputes? )?tribunal\\b",
    "\\b(?:serve|serving|served) (?:the |you |your company )?(?:with )?(?:court )?(?:papers|summons|proceedings)\\b|\\bcourt papers\\b",
    "\\blegal notice\\b|\\b(?:my|our) advocates?\\b[^.!?\\n]{0,30}\\b(?:notice|claim|case|drafting|sending)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,60}\\b(?:receiving|receive|get|getting|be sent|have) (?:a )?cop(?:y|ies)\\b",
  ), { unless: PAPERWORK }),
  rule('regulatory_complaint', 0.85, any(
    "\\b(?:explain(?:ing)?|justify(?:ing)?)\\b[^.!?\\n]{0,40}\\bto (?:the )?{BODY}",
    "\\b{BODY}\\b[^.!?\\n]{0,60}\\b(?:receiving|receive|get|getting|be sent) (?:a )?cop(?:y|ies)\\b",
    "\\b{BODY} (?:is|are|will be|'s|'re) (?:gonna|going to) want to (?:see|know|hear)\\b|\\b{BODY} (?:will be getting|is getting|gets) my complaint\\b",
    "\\b(?:send|sending|sent|forward(?:ed|ing)?) (?:\\w+ ){0,3}to (?:the )?{BODY}\\b",
    "\\b{BODY} (?:grievance|complaint)s? (?:portal|form|cell|line)\\b",
  ), { negatable: true }),
  // --- Fourth pass.
  rule('self_harm', 0.85, any(
    "\\bdon't see (?:the|any) point (?:in |of )?(?:waking up|getting up|living|going on|carrying on|anything)\\b",
    "\\b(?:take|taking|swallow|swallowing) (?:them|it) all\\b(?=[\\s\\S]*\\b(?:tablets|pills|meds|medication|insulin|painkillers)\\b)|\\b(?:tablets|pills|meds|medication|insulin|painkillers)\\b[\\s\\S]{0,80}\\b(?:take|taking|swallow|swallowing) (?:them|it) all\\b",
    "\\b(?:won't|will not|wont) be (?:here|around)\\b[\\s\\S]{0,80}\\bmade (?:up my mind|my peace)\\b|\\bmade (?:up my mind|my peace)\\b[\\s\\S]{0,80}\\b(?:won't|will not|wont) be (?:here|around)\\b|\\bmade (?:my )?peace with (?:everything|it all|dying)\\b",
    "\\b(?:sitting|standing|sat|stood) (?:on|at|right at|by) (?:the )?(?:balcony )?(?:rail|railing|ledge|parapet)\\b|\\b(?:cliffs?|bridge|roof)\\b[^.\\n]{0,60}\\b(?:right at the edge|at the edge|over the edge)\\b",
    "\\b(?:bridge|railway|train line|tracks|cliff|rope|pills|tablets)\\b[^.!?\\n]{0,40}\\bwould (?:fix|solve|end|sort) (?:all of )?(?:this|it|everything)\\b",
    "\\bif i (?:just )?(?:stopped existing|disappeared (?:permanently|for good|forever))\\b|\\b(?:the world|everyone|everybody|my family|my kids|they|people)(?: \\w+){0,3} (?:is|are|would be|will be|'d be|would all be|will all be) (?:so much |much |a lot )?(?:lighter|better|easier|happier) (?:off )?(?:if i|without me)\\b",
    "\\bbecause i (?:won't|will not|wont) be (?:here|around|alive)\\b|\\bplan(?:ning)? on being (?:here|around|alive) (?:next (?:week|month)|after)\\b",
    "\\b(?:keep|kept) (?:looking at|staring at|thinking about|going to|driving out to) the (?:railway|train line|tracks|bridge|cliffs?|edge|river)\\b",
    "\\b(?:would be|is|are) too many\\b(?=[\\s\\S]*\\b(?:tablets|pills|meds|medication|insulin|painkillers)\\b)|\\b(?:tablets|pills|meds|medication|insulin|painkillers)\\b[^.!?\\n]{0,30}\\b(?:would be|is|are) too many\\b",
    "\\bcheck(?:ing)? out (?:early )?from (?:all of )?(?:this|it|life|everything)\\b|\\b(?:i'll|ill|i will) be gone for good\\b",
    "\\bhow much (?:\\w+ )?(?:insulin|paracetamol|medication|of my meds|pills|tablets) (?:it )?(?:takes|would take|to take)\\b",
    "\\bend (?:the|my) story (?:myself|for good)\\b|\\bdecided to end (?:it|things|my story|the story|my life)\\b",
  ), { unless: MOVING }),
  rule('legal_threat', 0.85, any(
    "\\bto (?:my|our) {LAWYER}\\b[^.!?\\n]{0,40}\\b(?:in touch|contact|calling|call|write|writing)\\b",
    "\\b(?:my|our) {LAWYER} (?:will be|'ll be|is|is going to be) (?:calling|ringing|phoning|emailing|writing to|contacting) (?:you|your)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,40}\\b(?:drafting|preparing|writing up) (?:something|a letter|a claim|papers)\\b|\\b{LAWYER} has (?:everything|all (?:of )?it|all the evidence)\\b",
    "\\b(?:take|taking|took) (?!me |us |my |our |his |her |their )(?:the |your |this )?[a-z][\\w&-]* to (?:the )?(?:(?:district|county|small claims|civil|magistrates'?|federal|state|high|circuit|supreme|local|claims) )?courts?\\b",
    "\\bpapers will be served\\b|\\bserved on (?:you|your company|your business)\\b",
    "\\bsee (?:you|u|ya) at (?:the )?(?:ncat|vcat|qcat|sacat|tribunal|small claims|court)\\b",
    "\\b(?:took|taking|take) (?:on )?my case against (?:you|u|your)\\b|\\blegal (?:clinic|aid)\\b[^.!?\\n]{0,40}\\b(?:case|claim) against\\b",
    "\\btribunal (?:application|claim|form)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,60}\\bexpect to hear from (?:her|him|them|us)\\b|\\b{LAWYER} (?:go|will|to) (?:serve|write)\\b|\\bsettle (?:am|it|this) (?:for|in) court\\b",
    "\\bin front of (?:a|the) sheriff\\b|\\blet (?:a|the) (?:judge|court|courts) (?:work out|settle|figure out|work it out)\\b",
  ), { unless: PAPERWORK }),
  rule('regulatory_complaint', 0.85, any(
    "\\b(?:raising|raise|raised) (?:a concern|concerns|this|it|a complaint) (?:with|to) (?:the )?{BODY}\\b",
    "\\b(?:rung|rang|ring|ringing|phoned|phoning) (?:the )?{BODY}\\b",
    "\\b{BODY} can (?:have a look|look into|deal with|sort|take a look)\\b|\\b{BODY} would be (?:very )?interested\\b",
    "\\b{BODY}(?: [a-z]+){0,2} complaint(?: is|'s) (?:going in|in|lodged|filed)\\b",
    "\\b(?:send|sending|sent|forward(?:ed|ing)?) (?:\\w+ ){4,6}to (?:the )?{BODY}\\b",
    "\\b{BODY}(?: [a-z]+)? (?:is|are) getting (?:a |my |the )?(?:full )?(?:timeline|complaint|call|letter|everything|copies|evidence|photos|screenshots|receipts|details) from me\\b",
    "\\b(?:it's|it is|this is|my complaint is|the complaint is|it's all) (?:now |already )?with (?:the )?{BODY}\\b",
    "\\bto (?:the )?{BODY} (?:it goes|this goes|we go|you go)\\b",
    "\\b(?:sent|send|sending|forwarded) (?:a |my |the )?(?:full |detailed |long )?(?:write-?up|complaint|dossier|report|timeline|summary)\\b[^.!?\\n]{0,80}\\bto (?:the )?{BODY}\\b|\\b(?:nimeripoti|nitaripoti|ripoti) kwa {BODY}\\b|\\b(?:meeting|appointment|call) with (?:the )?{BODY}\\b|\\b{BODY} (?:now |already )?(?:have|has) (?:my|the) (?:complaint|file|case)\\b|\\bnext stop (?:is|will be) (?:the )?{BODY}\\b|\\b(?:an die|bei der|beim) {BODY}\\b|\\b{BODY} (?:est|sont) au courant\\b|\\bsaisi (?:la|le) {BODY}\\b",
    "\\b(?:mostly|also|and|as well as|then) to (?:the )?{BODY}\\b|\\bpassed (?:it|this) on to (?:the )?{BODY}\\b|\\b{BODY}(?: people| folks| lot| team)? (?:are|is) (?:going to|gonna) (?:see|get|hear|know)\\b",
    "\\b{BODY} (?:are|is) getting (?:the |my |all the )?(?:photos|screenshots|receipts|details|pictures|evidence)\\b|\\b{BODY} (?:have|has) given me a (?:case|reference|complaint) number\\b|\\b{BODY} can ask you\\b",
    "\\b(?:put|putting|sent|passed|passing) (?:the whole thing|it|this|my case|it all|it on|this on) (?:on )?to (?:the )?{BODY}\\b|\\b(?:filing|file|filed|lodging|lodge|lodged) (?:a complaint )?with (?:the )?(?:state )?{BODY}\\b",
    "\\b(?:report|reporting|reported) (?:una|you|u|dem) (?:give|to) (?:the )?{BODY}\\b|\\b{BODY} (?:mein|me|ko) shikayat\\b|\\breclama[çc][ãa]o (?:no|na|ao|junto ao) {BODY}\\b",
    "\\b{BODY} (?:already |now )?(?:has|have|holds?|got) (?:copies|a copy|everything|all (?:of )?(?:it|this|the))\\b",
    "\\b{BODY}(?: [a-z]+)? (?:is|are|will be) getting (?:a|an) (?:[a-z]+ ){0,3}(?:email|e-mail|letter|complaint|report|dossier|write-?up) from (?:me|us)\\b",
    "\\bregister(?:ing|ed)? (?:this|it|a complaint) (?:on|with) (?:the )?{BODY}\\b",
  ), { negatable: true }),
  // The body unnamed: "the people who license you would find this interesting".
  rule('regulatory_complaint', 0.85, "\\b(?:(?:write|wrote|written|writing|letter|complain(?:ing|ed)?) to (?:the )?government\\b|the government would (?:feel|like|think|say))|\\b(?:the )?(?:people|body|folks|agency|authority|regulator) (?:who|that) (?:license|licence|licenses|licences|regulates?|oversees?|supervises?) (?:you|your company|you lot)\\b", { negatable: true }),
  // A body named, then "my complaint's going in": the complaint is the visitor's, whatever came before.
  rule('regulatory_complaint', 0.85, "\\b{BODY}\\b[^\\n]{0,80}\\bmy complaint(?:'s| is)? (?:going in|goes in|lodged|filed|submitted|in)\\b"),
  // "The authorities" counts only when the company itself is reported (a scam reported to the police does not).
  rule('regulatory_complaint', 0.8, "\\breport(?:ing|ed)? (?:you|u|your (?:company|firm|bank|business|shop|store|airline|service)|this (?:company|firm|bank|business|shop|store|airline)) to (?:the )?(?:relevant |appropriate |proper |local )?(?:authorities|authority|officials)\\b", { negatable: true }),
  // --- Fifth pass (a twelfth set written apart): leaving everything, not reaching a date, a future that is not there.
  rule('self_harm', 0.85, any(
    "\\b(?:logging|logged|signing|signed|checking|checked|switching) (?:off|out) for good\\b[^.!?\\n]{0,30}\\b(?:from|of) (?:everything|life|it all)\\b",
    "\\b(?:don't|do not|dont) think i'll (?:make it|last|still be (?:here|around|alive)) (?:to|till|until|past|through) (?:january|february|march|april|may|june|july|august|september|october|november|december|christmas|summer|spring|autumn|winter|my birthday|next (?:week|month|year))\\b(?! (?:concert|gig|festival|event|show|match|game|party|wedding|appointment|meeting|class|sale|launch))",
    "\\bthere (?:won't|will not|wont) be (?:a|any) next (?:term|year|semester|month|week|time|christmas|birthday|summer) for me\\b",
    "\\bafter tonight,? (?:none of (?:it|this)|nothing|it) (?:will )?(?:matters?|won't matter)\\b",
    "\\b(?:couldn't|could not|can't|cannot) hold on any ?longer\\b|\\b(?:won't|will not|wont|not going to|not gonna) be alive to (?:pick up|answer|see|read|pay|open|look after|care for|feed|walk)\\b|\\b(?:the )?last person i'?ll (?:ever )?(?:talk|speak|write) to\\b|\\bend of the road for me\\b|\\b(?:do not|don't|not|never) (?:intend|plan|planning|going) to come (?:home|back) from\\b|\\bthere (?:won't|will not|wont) be a me\\b|\\bmake sure i (?:don't|do not|dont|never|won't) wake up\\b",
  ), { unless: MOVING }),
  rule('legal_threat', 0.85, any(
    "\\b{LAWYER}(?:'s| has| have| is| are| was)? (?:been |now |already |just )*(?:instructed|retained|engaged|hired|briefed)\\b",
    "\\b(?:my|our) (?:own )?{LAWYER} (?:is|are|has|have) (?:now |already |just )?(?:reviewing|reviewed|looking at|looked at|going through|gone through|examining|examined|studying|studied)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,80}\\b(?:ready|prepared) to (?:file|sue|proceed|issue|go to court)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,40}\\b(?:drafted|prepared|written up) (?:something|a letter|a claim|papers|the papers)\\b",
    "\\b(?:speaking|talking|spoken|talked|meeting) (?:to|with) (?:a|an|my) (?:[a-z]+ ){1,2}{LAWYER}\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,60}\\b(?:bring|bringing|brought|file|filing|lodge|lodging) (?:a |the )?(?:claim|case|action)\\b",
    "\\b(?:taking|take|bring|bringing|start|starting|begin) (?:legal )?action against (?:you|your|this)\\b",
    "\\bmeet (?:for|in|at) court\\b|\\blawyer don write\\b",
    "\\b{LAWYER}'?s? details to follow\\b|\\b{LAWYER}\\b[^.!?\\n]{0,30}\\b(?:has|have|got) all the (?:documents|evidence|paperwork|emails)\\b|\\b(?:a|the) (?:judge|court) (?:can|will|could) explain\\b|\\bpreserve your records\\b",
    "\\b(?:mon|ma|mi|mein|meine|meu|minha|mijn|my|un|il mio) (?:avocat|avocate|advocaat|abogad[oa]|anwalt|anwältin|advogad[oa]|avvocat[oa]|vakil|wakil)\\b|\\b(?:ans|vors?|vor das|zum) (?:amts|land)gericht\\b|\\b(?:juzgado|magdedemanda|idedemanda|kakasuhan)\\b|\\bhabl[ée] con un abogado\\b|\\bsaisir(?:a|ai|ons)? le tribunal\\b|\\bklage\\b|\\ben el juzgado\\b|\\bentrar com uma a[çc][ãa]o\\b|\\bvakil se baat\\b|\\b(?:carry|take) (?:una|you|dem|am|this matter|the matter) go court\\b|\\bconsumer (?:court|forum)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,60}\\b(?:taking|handling|dealing with) (?:it|this|things) from (?:here|there)\\b|\\b(?:firm|chambers) (?:has|have) drafted\\b|\\b(?:papers|claim|letter) (?:go|goes|will go) to your (?:head office|legal|registered office)\\b",
    "\\b(?:fil(?:e|ing)|lodg(?:e|ing)|issu(?:e|ing)|start(?:ing)?|mak(?:e|ing)) a small claim\\b|\\bproceedings (?:will|shall) be (?:issued|started|commenced|brought)\\b|\\bformal demand\\b|\\b(?:claim|case|letter|proceedings) (?:is|are) being (?:prepared|drafted|issued)\\b",
    "\\b(?:drafting|drafted|preparing|prepared) (?:something|a claim|a letter|papers) against (?:you|your)\\b|\\bintend to (?:collect|recover|pursue|claim) (?:it |this |that |the money )?from (?:you|your)\\b|\\btake (?:you|you lot|your (?:company|firm)) on\\b|\\b(?:apply|applying|applied|seek|seeking|get|getting) (?:for )?an injunction\\b|\\bseek(?:ing)? (?:full )?damages\\b|\\bproceedings (?:will|shall) follow\\b|\\b(?:exploring|explore|considering|weighing up|looking into) (?:my|our) legal options\\b|\\b(?:lodg|fil|bring)(?:e|ing|ed)? (?:a |my |the )?(?:case|claim) against (?:you|your)\\b",
    "\\b{LAWYER}\\b[^\\n]{0,100}\\bletter to your (?:firm|company|head office|legal)\\b",
    "\\b(?:you'?ll|you will|your company will) be served\\b",
    "\\binstructed someone\\b|\\b(?:further )?communications? (?:should|must|will) (?:go|be directed) through (?:her|him|them|my [a-z]+)\\b|\\b(?:opening|open|starting|start|commence|commencing) arbitration\\b|\\bseek(?:ing)? (?:my )?costs\\b",
    "\\bbetween your (?:lawyers|solicitors|attorneys) and mine\\b|\\bstarts proceedings\\b|\\b(?:acting|act) (?:for|on behalf of) (?:us|me)\\b|\\bopen[- ]and[- ]shut\\b|\\bexpect to hear from (?:her|his|their|my [a-z]+'?s?) (?:office|firm|chambers)\\b|\\b(?:take|taken|taking|took) on my case\\b|\\bunion rep(?:resentative)? (?:is|will be|has) (?:now )?(?:dealing|handling|in touch|taking)\\b",
    "\\b{LAWYER}\\b[^.!?\\n]{0,30}\\b(?:has|have|holds?|got) (?:copies|a copy|everything)\\b",
    "\\b{LAWYER}\\b[^\\n]{0,100}\\b(?:offered to|going to|will|'ll) (?:run|take|handle|fight) (?:it|this|the case|my case)\\b",
    "\\b(?:let's|lets|we'll|we will) see what (?:a|the) (?:judge|court|jury|magistrate|sheriff) (?:thinks|says|decides|makes of)\\b|\\btengo (?:un )?abogado\\b",
    "\\b(?:the|a) (?:[a-z]+ ){0,2}(?:court|judge|tribunal)(?: in [a-z]+)? (?:can|will|could|shall) decide\\b|\\bsimple procedure claim\\b",
    "\\b(?:spoken|talked|been) (?:to|with) legal aid\\b|\\b(?:i|we) (?:have|'ve got|got) a (?:strong |good )?case (?:for|against)\\b",
    "\\b(?:forward|pass|hand|sen[dt]|show)(?:ed|ing)? (?:(?:this|the|our|my) (?:whole |entire |full )?(?:chat|conversation|thread|email chain|emails?|correspondence)|all (?:of )?(?:this|it)|everything) (?:on |over )?to (?:my|our|a) (?:own )?{LAWYER}",
    "\\b(?:meeting|seeing|meet|see|met|booked in with|appointment with) (?:a|an|my) (?:[a-z]+ ){0,2}{LAWYER} (?:tomorrow|today|tonight|this (?:week|morning|afternoon|evening)|next week|on (?:mon|tues|wednes|thurs|fri|satur|sun)day)\\b",
    "\\b(?:my|our) (?:own |family )?{LAWYER} (?:is|are) (?:now )?handling (?:it|this|the matter|my case)\\b",
    "\\b(?:my|our) {LAWYER} (?:says|said|thinks|reckons)\\b[^\\n]{0,80}\\bexpect to hear from (?:her|him|them|us)\\b",
    "\\b(?:once|when|as soon as) (?:a|the) (?:judge|court|jury|magistrate) (?:sees|hears|reads|looks at|gets (?:a look at|sight of))\\b",
    "\\b(?:in|during|through) discovery\\b|\\bsubpoena(?:s|ed|ing)?\\b",
  ), { negatable: true, unless: PAPERWORK }),
];

// Short acronyms that are also ordinary words ("sec", "dot", "ag") count only in capitals.
const CASED_ACRONYMS = /\b(?:sec|dot|dfs|ag|asa|ico|occ|orr|psr|fos|pra|puc|dpc|tio|acm|afm|amf|mas|gdc|fsa|cta|opc|ncc)\b/gi;
// "Sue" the person ("Sue in billing helped me") is not the verb.
const NAME_SUE = /\bSue\b(?!\s+(?:you|u|ya|your|them|the|this|for|over|him|her|it|everyone|everybody)\b)/g;
// The last negation within four words before a match ("I'm not going to sue"), unless it sits in a
// condition ("if you don't refund me I'll sue"), a new clause follows it, or it is "won't hesitate to".
const NEGATION = /^([\s\S]*)\b(?:not|never|no|don'?t|won'?t|wouldn'?t|isn'?t|aren'?t|haven'?t|hasn'?t|didn'?t)\s+((?:\S+\s+){0,3})$/;
const NEW_CLAUSE = /\b(?:i|i'?ll|i'?m|we|we'?ll|hesitate|think twice|stop|rule out|afraid|only|make me|force me)\b/;
const CONDITION = /\b(?:if|unless|until|or|otherwise)\b[^.!?]*$/;
const BUT = /\b(?:but (?:i|we)(?:'?ll| will| might| may| could| would| am going| shall)|unless|otherwise|or else|if|yet)\b/;

/** Lower-cased text of the same length, with ambiguous acronyms and idioms blanked out. */
function prepare(text: string): { lower: string; source: string } {
  const masked = text
    .replace(/[’‘`´]/g, "'")
    .replace(CASED_ACRONYMS, (m) => (m === m.toUpperCase() ? m : '_'.repeat(m.length)))
    .replace(NAME_SUE, '___');
  let lower = masked.toLowerCase();
  const source = lower.length === text.length ? text : lower; // some letters change length in lower case
  lower = lower.replace(IDIOMS, (m) => ' '.repeat(m.length)).replace(TITLES, (m) => ' '.repeat(m.length));
  return { lower, source };
}

function negated(lower: string, start: number, end: number): boolean {
  // A negation reaches across words, not across a sentence: "…isn't even mine. A letter before action goes out".
  const before = lower.slice(Math.max(0, start - 60), start);
  const m = NEGATION.exec(before.slice(before.search(/[^.!?\n]*$/)));
  if (!m || NEW_CLAUSE.test(m[2] ?? '') || CONDITION.test(m[1] ?? '')) return false;
  return !BUT.test(lower.slice(end));
}

/**
 * The company's own words quoted back ("your letter says court action may follow", "the email said I could
 * go to the ombudsman"): legal and regulator words in the rest of that sentence are theirs, not a threat.
 */
const QUOTED = /\b(?:your|the|their|a|this|an) (?:[a-z]+ ){0,2}(?:letter|email|e-mail|text|message|notice|reply|response|statement|terms)(?: dated [\w ]{1,20}?| from [a-z]+)? (?:says?|saying|said|mentions?|mentioned|states?|stated|reads|told me|warns?|warned)\b/;

/** Whether the sentence up to the end of a match quotes the company (the quote may start inside the match). */
function quoted(lower: string, start: number, end: number): boolean {
  const before = lower.slice(Math.max(0, start - 120), start);
  return QUOTED.test(before.slice(before.search(/[^.!?\n]*$/)) + lower.slice(start, end));
}

/** A scam or a stranger reported to a body: a third party, not the company. */
const THIRD_PARTY_REPORT = /\breport(?:ed|ing)? (?:(?:the|that|this|a) (?:number|caller|scammer|scam|call|text|email|website|site|fraudster|phone number|message|man|woman|guy)|him|her|me)\b|\b(?:complain\w*|report\w*)\b[^.!?\n]{0,40}\babout my (?:council |housing |private )?(?:landlord|neighbou?r|employer|ex)\b/;

/**
 * The first match of one rule that no negation cancels (negatable rules) and, outside self-harm, that does not
 * quote the company back; every match of a rule scores the same. Null when none is left or the rule's `unless` holds.
 */
function runRule(r: Rule, lower: string, source: string): SafetyHit | null {
  if (r.unless?.test(lower)) return null;
  r.re.lastIndex = 0; // shared global regexes: exec in place (matchAll would clone them per call)
  for (let m = r.re.exec(lower); m; m = r.re.exec(lower)) {
    const end = m.index + m[0].length;
    if (end === m.index) r.re.lastIndex++; // never loop on an empty match
    else if (r.negatable && negated(lower, m.index, end)) continue;
    else if (r.category !== 'self_harm' && quoted(lower, m.index, end)) continue;
    else return { category: r.category, score: r.score, evidence: source.slice(m.index, end).trim() };
  }
  return null;
}

// Words so common in support chats that they cannot by themselves tie a message to a policy example.
const GENERIC = new Set('account order refund money pay payment card help problem issue fee charge bill company service time day week month call email phone app make give back still again now today'.split(' '));
const ANY_NEGATION = /\b(?:not|never|no|don'?t|doesn'?t|didn'?t|won'?t|wouldn'?t|can'?t|cannot|isn'?t|aren'?t|wasn'?t|haven'?t)\b/i;
const exampleTerms = new WeakMap<readonly string[], string[][]>();

/**
 * A policy example fires only when the message holds nearly all of its content words
 * (every one for short examples), at least two of them specific, and no negation the
 * example lacks. Examples with fewer than three content words are ignored as too vague.
 */
function exampleHit(category: SafetyCategory, examples: readonly string[], text: string): SafetyHit | null {
  let parsed = exampleTerms.get(examples);
  if (!parsed) exampleTerms.set(examples, (parsed = examples.map((e) => [...new Set(terms(e))])));
  const have = new Set(terms(text));
  let best: SafetyHit | null = null;
  for (const [i, want] of parsed.entries()) {
    if (want.length < 3) continue;
    const found = want.filter((w) => have.has(w));
    const needed = want.length <= 4 ? want.length : Math.ceil(want.length * 0.8);
    if (found.length < needed || found.filter((w) => !GENERIC.has(w)).length < 2) continue;
    const example = examples[i] ?? '';
    if (ANY_NEGATION.test(text) && !ANY_NEGATION.test(example)) continue;
    const score = Math.round((0.5 + (0.4 * found.length) / want.length) * 100) / 100;
    if (!best || score > best.score) best = { category, score, evidence: `${found.join(' ')} (policy example "${example}")` };
  }
  return best;
}

/**
 * Self-harm in words no single rule expects: weak cues that mean little alone
 * and much together. An act against oneself (with a means, or a farewell) is
 * enough; otherwise two cues are needed: two different kinds (a means,
 * finality, hopelessness about oneself), or two different signs of finality. Each cue is about the visitor's own life, so "no point waiting
 * tonight" or "my dog died" raise nothing.
 */
const SELF_HARM_CUES = {
  act: rx(
    "\\b(?:not|won't|wont|never)(?: going to| gonna)? (?:be )?(?:using|taking|use|take) (?:it|them) the way the doctor\\b|\\benough (?:saved|stockpiled|stored|put by)(?: up)?(?: now)? for what i (?:need|have|want) to do\\b|\\bexact minute it (?:goes|passes|comes)\\b|\\bnon-?stopping (?:express|train)\\b|\\bcharcoal\\b[^.!?\\n]{0,60}\\b(?:tape|garage)\\b|\\b(?:going|heading|walking|driving|off) (?:down )?to the (?:railway line|railway|train tracks|tracks|cliffs?|cliff edge|river|car park roof|top of the car park)\\b|\\bi'?ve been cutting (?:for|again|since|myself)\\b|\\b(?:i've|i have|i'm|i am|been|started) (?:been )?stockpil(?:ing|ed) (?:them|it|my \\w+)\\b|\\b(?:pills|tablets|meds|medication) (?:saved up|stockpiled|stashed|hoarded|put aside)\\b|\\bfast trains? (?:go(?:es)?|pass(?:es)?|come) through\\b[^.!?\\n]{0,40}\\bwithout stopping\\b|\\b(?:put|drive|driving|steer|crash|crashing) (?:it|the car|my car|the truck) (?:into|off|through) (?:the|a) (?:barrier|wall|tree|bridge|cliff|river|sea|lorry|truck)\\b|\\bwalk (?:in|into the (?:sea|water|river|lake)) and keep (?:going|walking)\\b|\\b(?:stand|lie|lay|sit|wait) (?:on|in|down on) the (?:tracks|railway line|train line|motorway)\\b|\\b(?:pills|tablets|meds) (?:are |all )?(?:lined up|counted out|laid out|set out)\\b|\\b(?:staring|looking|sat looking|been staring) at (?:the|my|these|those|all the|all my) (?:pills|tablets|meds|rope|blade|razor|bottle of pills)\\b|\\b(?:bought|buying|got|have|keep thinking about taking|thinking about taking|taking|take|swallow(?:ing)?) (?:the |some |a |his |her |my |all (?:the|my) |the lot of |leftover )*(?:rat poison|poison|bleach|tramadol|paracetamol|sleeping pills|pills|tablets|meds)\\b(?=[\\s\\S]*\\b(?:myself|me|tonight|the lot|all of them|all)\\b)|\\b(?:take|taking) the lot\\b|\\b(?:walk|walking|walked|drive|driving|drove|swim|swimming) (?:out |it |the car |my car )?into (?:the |a |that |this |same |next )*(?:\\w+ )?(?:river|sea|ocean|lake|tree|wall|traffic|water)\\b(?![^.!?\\n]{0,12}(?:😂|🤣|lol|lmao|haha|jk))|\\b(?:stood|standing|stand|sat|sitting|been sat|been sitting|been standing) (?:at|on|by) (?:the )?(?:end of the pier|edge|ledge|rail|railing|parapet|bridge|roof|top (?:level|floor|storey) of the (?:\\w+ )?(?:car park|multi-storey|building)|top of the (?:car park|multi-storey|building))\\b|\\b(?:sat|sitting|been) (?:\\w+ )?looking at the (?:pills|tablets|meds|rope|bridge|tracks)\\b|\\b(?:most|how much|how many) (?:\\w+ )?(?:paracetamol|pills|tablets|meds|insulin|painkillers) (?:u|you|i|one|a person) (?:can|could) take\\b|\\b(?:drink|drinking|drank) (?:sniper|bleach|poison|insecticide|pesticide|weedkiller|antifreeze)\\b|\\b(?:thinking about|keep thinking about|thought about) (?:stepping|jumping|going) off\\b|\\bsleeping (?:pills|tablets) ready\\b|\\b(?:stand|standing|sit|sitting) at the (?:edge|corridor|railing|balcony)\\b[^.!?\\n]{0,40}\\blooking down\\b|\\bplanning how i(?:'d| would) do it\\b|\\bhow i(?:'d| would) do it\\b|\\bhose (?:\\w+ ){0,2}(?:to|on|onto|into|round) the exhaust\\b|\\b(?:my )?last message (?:to|for) (?:anyone|anybody|everyone|everybody|you all|the world)\\b|\\b(?:won't|wont|will not) be stepping back\\b|\\benough (?:that |so )?it (?:works|does it)\\b|\\bworks? properly this time\\b|\\brest from this life\\b|\\bfinish (?:myself|me off)\\b|\\bthe (?:train|bridge|river|rope|pills|tablets) will (?:fix|sort|solve|end) (?:it|this|everything)\\b|\\b(?:drive|driving|drove) (?:\\w+ )?(?:onto|into|in front of) (?:the |a |oncoming )?(?:motorway|highway|freeway|traffic|lorry|truck|train)\\b|\\b(?:thinking about|considering|taking) the quick way (?:down|out)\\b|\\bi'm on the (?:bridge|roof|ledge|edge) now\\b|\\bgive me enough of (?:whatever|what) you give\\b|\\b(?:sat|sitting|standing|stood)\\b[^.!?\\n]{0,25}\\bon the (?:top floor|roof|top level|edge)\\b|\\btonight's the night\\W+(?:bye|goodbye)\\b|\\b(?:one|only one|only) way out(?: of this)? and i'm taking it\\b|\\b(?:car|hose ?pipe) (?:and (?:the )?hose ?pipe )?(?:is |are )?(?:all )?ready in the garage\\b|\\bworking (?:myself )?up to it\\b|\\b(?:driving|going|walking|heading|i go|i'm going|i am going|i will go) to (?:the )?(?:bridge|cliffs?|cliff edge|river|sea|tracks|railway|roof|beachy head)\\b[^.!?\\n]{0,30}\\b(?:tonight|tomorrow|now|today|later|at \\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\\b|\\b(?:tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\\b[^.!?\\n]{0,12}\\b(?:i go|i'm going|i am going|i will go|on the roof|at the bridge) (?:to )?(?:the )?(?:bridge|cliffs?|river|sea|tracks|roof|of my)\\b|\\bswitch(?:ing)? myself off\\b|\\bpills are (?:sorted|ready|counted)\\b|\\bcashing (?:myself )?out for real\\b",
  ),
  means: rx("\\b(?:the dam|charcoal|beachy head|(?:i'm|i am) (?:on|at|standing on|sitting on) (?:the|a) (?:bridge|roof|ledge|edge|cliffs?|tracks|railway line|top floor)|rat poison|poison|bleach|sniper|insecticide|pesticide|weedkiller|antifreeze|tramadol|paracetamol|overdose|sleeping pills|noose|rope|razor|blade|pier|bridge|cliffs?|ledge|railway line|train tracks|river|gun|shotgun|rifle|pistol|firearm|train line|railway|top floor of the car park|multi-?storey|hose ?pipe)\\b"),
  finality: rx(
    "\\bonly way\\b[^.!?\\n]{0,40}\\bif i'?m not (?:here|around|alive)\\b|\\b(?:una|you) no go hear from me\\b|\\btaken care of it myself\\b|\\bnot letting it drag on\\b|\\b(?:the )?last thing i'?m (?:doing|going to do)\\b|\\b(?:who|that) finds? me\\b|\\b(?:rahunga|rahungi) hi nahi\\b|\\bcall karne ki zarurat nahi\\b|\\bwhen i'?m no longer here\\b|\\bnobody has to (?:scroll|go|look|read) through (?:it|them|my [a-z]+) after\\b|\\bi (?:don't|do not) have long\\b|\\bwhatever happens to me\\b|\\b(?:won't|wont|will not) be anyone to (?:keep|carry|look after)\\b|\\bgo through my (?:stuff|things|room|phone) after\\b|\\bafter (?:mon|tues|wednes|thurs|fri|satur|sun)day,? none of it (?:will )?matters?\\b|\\bhindi na ako magtatagal\\b|\\btonight(?:'s| is) the night\\b|\\b(?:been )?saving them up\\b|\\b(?:won't|wont|will not) be returning (?:it|the car|them) myself\\b|\\bkeys will be left\\b|\\bon my own terms\\b|\\bsave my family the money\\b|\\bwhen i'?m not here any ?more\\b|\\bloose ends\\b|\\b(?:my mind is|mind'?s) made up\\b|\\bwhat i'?m planning\\b|\\bwhile (?:my )?family (?:is|are) away\\b|\\b(?:won't|wont|will not) be [a-z]+ing after tonight\\b|\\bsaid bye to my (?:cat|dog|pets?)\\b|\\bonce i'?m not around\\b|\\b(?:won't|wont|will not) have to deal with me after\\b|\\bi'?m joining (?:her|him|them)\\b|\\bmade my choice\\b|\\bwell (?:he|she|they) (?:won't|wont) have to\\b|\\bgo all the way\\b|\\bmy decision (?:is|'s) made\\b|\\bbe the ones? (?:who|that|to) finds? me\\b|\\bi'?ll be gone (?:tonight|tomorrow|soon|by)\\b|\\btake (?:her|his|their) mind off it\\b|\\b(?:my|the) letters are written\\b|\\b(?:feels|feel|felt) (?:so )?peaceful now\\b|\\bgoodbye for good\\b|\\bgoodbye message\\b|\\b(?:won't|wont|will not) be able to send it myself\\b|\\bleft (?:instructions|a list) for (?:her|him|them|my [a-z]+)\\b|\\b(?:that's|thats|that is) me done for good\\b|\\bnobody inherits\\b|\\bweight (?:round|around) (?:anyone'?s|their|his|her|my [a-z]+'?s?) neck\\b|\\bi am just\\W+finish(?:ed)?\\b|\\b(?:can't|cannot|shouldn't|won't) be the one to get (?:that|the) call\\b|\\b(?:do not|don't) intend to come (?:home|back)\\b|\\bthere'?ll be (?:no one|nobody) to (?:receive|collect|answer|open)\\b|\\bpointless me having\\b|\\b(?:putting|put|getting|get|got) (?:all )?my affairs in order\\b|\\bno go dey (?:around|here)\\b|\\b(?:alone|by (?:her|him|them)sel(?:f|ves)) after (?:this|tonight|tomorrow|the weekend|next)\\b|\\bleft (?:him|her|them) a note\\b|\\b(?:he'll|she'll|they'll) understand after\\b|\\bif i die (?:this (?:week|weekend)|tonight|tomorrow|soon)\\b|\\b(?:i'm|i am) (?:calm|at peace) now\\b|\\b(?:it|this) (?:wasn't|was not|isn't|is not) (?:her|his|their|your) fault\\b|\\b(?:no one|nobody) will be living there\\b|\\b(?:bills|mess|debts?) i'm leaving behind\\b|\\bbefore i do (?:it|what i'?ve been planning)\\b|\\b(?:it's|its) (?:all )?over for me\\b|\\bi'?ve written to (?:them|him|her|everyone|my [a-z]+)\\b|\\b(?:won't|wont|will not) have (?:any )?use for (?:it|them|anything) after\\b|\\b(?:can|may) keep my (?:furniture|tv|things|stuff|car|clothes|bike|books)\\b|\\bwanted someone to know why\\b|\\bmade my peace\\b|\\bfound (?:the|my) (?:cat|dog|pets?|rabbit) a (?:new )?home\\b|\\bnothing (?:else )?to pay for after\\b|\\b(?:dog|cat|pets?) goes to my\\b|\\bnobody (?:here )?to (?:cook|care|pay|shop) for\\b|\\b(?:final|last) thing on my list\\b|\\btidied up everything\\b|\\bwrote (?:her|him|them) a list of (?:passwords|accounts|logins)\\b|\\basking for (?:me|myself)\\b|\\bon purpose\\b|\\b(?:i'll|i will) be leaving (?:them|him|her|my [a-z]+)\\b|\\b(?:see|visit|hold|hug) (?:the sea|[a-z]+) (?:once more|one (?:more|last) time)\\b|\\bwhen (?:it|my heart) stops\\b|\\b(?:nobody|no one|noone) (?:else )?will be (?:looking after|feeding|walking|caring for) (?:him|her|them)\\b|\\bnot (?:waiting|hanging|sticking) around (?:much|any) longer\\b|\\bmy ashes\\b|\\bneed (?:it|them) more than (?:me|i do|i will)\\b|\\bthere(?:'s| is| will be) (?:nobody|no one) left to\\b|\\bthat'?s the day\\b|\\b(?:collect|pick up) (?:it|the car|the keys) after\\b|\\bone[- ]way\\b[^.!?\\n]{0,40}\\bno return\\b|\\bmy own funeral\\b|\\bfuneral (?:costs?|expenses|plan)\\b[^.!?\\n]{0,20}\\bmine\\b|\\bnot an accident\\b|\\b(?:i'?ve|i have) made (?:up )?my mind(?: up)?\\b|\\b(?:letters?|notes?) for (?:everyone|everybody|my family|the family)\\b|\\b(?:won't|wont|will not) be (?:there|here|around) to (?:sign|receive|collect|answer|open)\\b|\\bnobody gets (?:charged|billed|chased) after\\b|\\b(?:no use|useless|no good) to me (?:after|by|past|from)\\b|\\b(?:found|have|got|there's) (?:a|one) way out\\b(?! of (?:the |this |my |your )?(?:contract|plan|deal|lease|subscription|loan|mortgage|agreement))|\\b(?:house|flat|money|everything|car|savings) goes to my (?:wife|husband|partner|kids|children|son|daughter|sister|brother|mum|mom|family)\\b|\\b(?:written|wrote|done|finished) the (?:notes|letters)\\b|\\bsorted (?:the|my) (?:dog|cat|pets?|rabbit) with\\b|\\b(?:doesn't|won't|does not|will not) (?:land|fall) on my (?:daughter|son|wife|husband|kids|children|family|mum|mom|dad|sister|brother)\\b|\\bby the time (?:anyone|anybody|someone|you|they) (?:reads?|sees?) this\\b|\\bgoodbye and thank(?:s| you)\\b|\\bmy last meal\\b|\\b(?:apologi[sz]ing|saying sorry|apologi[sz]e|say sorry) to (?:everyone|everybody|whoever)\\b|\\brehom(?:ed|ing) (?:my|our|the) (?:dog|cat|pets?|rabbit|hamster|bird|animals?)\\b|\\b(?:feel|felt|feeling) (?:so )?(?:calm|at peace|peaceful) for the first time\\b|\\bbefore i do it\\b|\\bsettl(?:e|ing) (?:all )?(?:of )?my (?:debts|affairs)\\b|\\b(?:won't|wont|will not) need (?:anywhere|a place|a home) to live\\b|\\b(?:won't|wont|will not) be (?:[a-z]+ing) (?:anymore|any more|again),? (?:or|not) (?:doing )?(?:anything|from anyone|with anyone)\\b|\\b(?:nobody|no one|noone) (?:has|will have|needs|'ll have) to (?:deal with|sort out|clear out|clean up|sort) my (?:stuff|things|mess|belongings|affairs)\\b|\\bsort(?:ing)? everything out (?:this week|tonight|before)\\b|\\b(?:troubled|chased|bothered|burdened|stuck|lumbered) (?:for|with) (?:[a-z]+ ){0,3}after me\\b|\\bif i'm not (?:alive|around) to (?:pay|deal)\\b|\\b(?:family|mum|mom|dad|kids|wife|husband) (?:won't|wont|will not|doesn't|don't) get chased\\b|\\b(?:don't|do not|dont) want (?:my )?(?:mum|mom|dad|wife|husband|family|sister|brother|kids|children|son|daughter|parents) (?:stuck|left|lumbered) (?:paying|with)\\b|\\b(?:want|so) (?:him|her|them|my [a-z]+) to have it all\\b|\\bgot it all planned out\\b|\\btonight (?:is|na|will be|'s) my last\\b|\\bmy last (?:night|day|message|messages|week)\\b|\\blast messages? (?:to|for) my\\b|\\bbefore i go\\b(?! (?:on|to|abroad|away|back|out|into|home|travel))|\\b(?:won't|wont|will not|not going to|not gonna) be (?:around|here|needing (?:it|them|anything|any of (?:it|this|them)))\\b|\\bonce i'?m not here\\b|\\bno me\\b|\\bnobody (?:will )?finds? me\\b|\\bsorted out who gets\\b|\\bwho gets my (?:laptop|things|stuff|phone|car|savings)\\b|\\b(?:after that|then) nothing (?:matters|will matter)\\b|\\bi'?ve (?:already )?decided\\b|\\bgo somewhere nobody\\b|\\bwon't be needing (?:it|this|anything|them)(?: else)? (?:after|anymore|any more)\\b|\\bsaying goodbye\\b|\\bthis is goodbye\\b|\\b(?:don't|do not) intend to be (?:here|around|alive)\\b|\\bgiving (?:all )?(?:my )?(?:stuff|things|belongings) away\\b|\\b(?:won't|wont|will not) be a (?:problem|burden|bother)(?: (?:for|to) (?:anyone|anybody|you|them))? (?:much longer|any ?more|for long|again)\\b|\\b(?:written|wrote) (?:goodbye )?(?:letters?|notes?) (?:to|for) the (?:kids|children|family)\\b|\\benough this time\\b|\\bending things\\b(?! with)|\\blast (?:week|day|night) of (?:anything|everything|my life)\\b|\\b(?:written|wrote|left) (?:her|him|them|my \\w+) (?:a )?letter explaining\\b|\\bwon't need anything (?:sent|else)\\b|\\bnot coming (?:back|home)\\b|\\bno dey come back\\b|\\btying up loose ends\\b|\\bnobody will be able to reach me\\b|\\bgo through with it\\b|\\bmade (?:my mind up|up my mind) about tonight\\b|\\b(?:won't|wont|will not) be needing (?:\\w+ ){1,2}(?:after|anymore|any more|from|past|beyond)\\b|\\b(?:won't|wont|will not) be (?:anyone|anybody) (?:here|around|left) to\\b|\\b(?:it )?(?:won't|wont|will not) matter (?:to me )?(?:anymore|any more|what happens)\\b|\\b(?:gave|given|giving|give) (?:away )?(?:all )?(?:my|his|her) [a-z ,]{2,40}? away\\b|\\bgave away (?:all )?my\\b|\\b(?:won't|wont|will not) be (?:answering|reachable|contactable|picking up)\\b|\\b(?:got|have) it all (?:worked out|planned)\\b|\\bplanning on (?:it being me|dying|not being (?:here|around))\\b|\\bsend (?:whatever is left|what's left|the rest|the balance|the remaining (?:balance|money)|my (?:refund|deposit|money|savings)) to my (?:sister|brother|mum|mom|dad|mother|father|son|daughter|wife|husband|partner|kids|children|family|parents)\\b|\\b(?:change|changing|update|updating) (?:the |my )?beneficiar(?:y|ies)\\b|\\b(?:don't|no need to) bother (?:with|sending|chasing) (?:the|my) (?:final )?(?:bill|statement|payment|debt)\\b|\\b(?:wrote|written|writing|said|saying) (?:all )?my goodbyes?\\b|\\b(?:already )?said goodbye to\\b|\\b(?:leave|leaving|go|going) for good\\b|\\bthat's it for me\\b|\\b(?:given|gave) back (?:everything|all|what) i (?:borrowed|owe)\\b|\\blet it (?:all )?end\\b|\\b(?:you|u) (?:people |guys )?(?:will not|won't|wont) hear from me again\\b|\\bmy last good deed\\b|\\b(?:going to|gonna) join (?:him|her|them|my \\w+)(?: soon| now)?\\b|\\bsorting it (?:my own way|myself) tonight\\b|\\bnot be (?:here|around) any ?more\\b|\\bneed (?:\\w+ ){0,2}where i'm going\\b|\\btonight is the night\\b|\\btonite is the nite\\b|\\bafter i'm (?:dead|gone)\\b|\\bwhen i'm dead\\b|\\bthat's when it's (?:going to|gonna) happen\\b|\\bpermanently after (?:this|next) (?:week|weekend|month)\\b|\\b(?:won't|wont|will not) need anything (?:from anyone|any ?more|again)\\b|\\bfade (?:out|away)\\b|\\bfinish(?:ing)? everything\\b|\\bsend (?:the )?(?:final )?(?:bill|statement|balance) to my (?:sister|brother|mum|mom|dad|mother|father|son|daughter|wife|husband|partner|family|parents)\\b|\\b(?:won't|wont|will not) be (?:here|around) (?:to|for) (?:it|that|them|\\w+ (?:it|them|going|the))\\b|\\b(?:don't|do not) want my (?:mum|mom|dad|wife|husband|family|sister|brother|kids|children|son|daughter|parents) (?:getting|to get|having to|to have to) (?:stuck|left|lumbered|a fine|fined)\\b|\\b(?:a lot )?sooner than (?:you|anyone|anybody|people) (?:thinks?|knows?|expects?)\\b|\\b(?:will be|going to be|is going to be) relevant (?:soon|very soon|shortly)\\b|\\b(?:rather|so) my (?:wife|husband|mum|mom|dad|family|kids|children|sister|brother) (?:didn't|doesn't|won't|wouldn't) have to\\b|\\b(?:will not|won't|not going to|never) come back\\b|\\bleft (?:a )?(?:note|letter) for (?:my|the)\\b|\\bwhoever finds me\\b|\\bthen it is finish(?:ed)?\\b|\\bsend (?:whatever|what|the) (?:\\w+ )?(?:is |'s )?left to my\\b|\\b(?:won't|wont|will not) need (?:a |the |my )?(?:\\w+ )?(?:back|after (?:tonight|today|tomorrow|this|friday|saturday|sunday|the weekend))\\b|\\bif (?:the )?(?:account holder|borrower|customer|policy ?holder|member|owner) dies\\b|\\bgoing to do it (?:this|tonight|tomorrow)\\b|\\b(?:don't|do not) chase (?:the |my )?(?:final )?(?:payment|bill|debt)\\b|\\b(?:don't|do not) bother (?:fixing|repairing|sending|chasing)\\b|\\bi've got a plan\\b|\\bnobody (?:has|will have|needs) to (?:worry about|deal with|look after) me\\b|\\b(?:won't|wont|will not) be (?:online|on here|around|here) again\\b|\\bi'll be gone (?:by|before|after)\\b|\\b(?:make|making) sure it does\\b|\\b(?:quiet|over|stop|end|rest) for good\\b|\\bmade (?:my )?peace with (?:it|that|this|what i'm (?:about to|going to) do|not being (?:here|around)|my decision)\\b|\\bj'ai fait la paix\\b|\\bi(?:'ve| have) (?:already )?decided\\b|\\b(?:tell|let) (?:her|him|them|my \\w+) (?:i'm|i am) sorry\\b|\\b(?:rather you didn't|please don't|don't|do not|no need to) (?:call|ring|tell|contact|inform|send) (?:anyone|anybody|my \\w+|him|her|them|the police|an ambulance|the school|anyone round)\\b|\\b(?:my )?(?:wife|husband|mum|mom|family|kids|children|sister|brother) not (?:to )?be (?:lumbered|stuck|left) with\\b|\\b(?:won't|wont|will not|shan't) be anywhere\\b|\\bmake sure (?:it|this|they|the \\w+) gets? to (?:him|her|them|my \\w+) after\\b|\\b(?:not|never) (?:even )?(?:gonna|going to) be (?:here|around) (?:to|for)\\b|\\bwhoever gets (?:the|my) \\w+ after me\\b|\\b(?:dog|cat|pets?|rabbit) (?:is going|goes|has gone|'s gone|is gone) to [^.!?\\n]{1,30}?for (?:good|keeps)\\b|\\bfor keeps\\b|\\b(?:won't|will not) be troubling (?:anyone|anybody)\\b|\\b(?:written|wrote|writing) (?:the )?(?:letters?|notes?) (?:for|to) (?:my )?(?:mum|mummy|mom|dad|papa|parents|everyone|family|kids|wife|husband|son|daughter)\\b|\\b(?:the )?letters are written\\b|\\bleft (?:him|her|them) a letter\\b|\\bleft the letter with\\b|\\bto give (?:them|him|her) after\\b|\\b(?:want|so) (?:him|her|them) to have (?:them|it|everything) after\\b|\\bclears? out (?:the|my) flat\\b|\\b(?:balance|refund|money) goes to my \\w+ after\\b|\\bno (?:more )?(?:problem|burden|trouble) for anyone\\b|\\b(?:shan't|shall not) be needing\\b|\\brather be with (?:him|her|them) (?:before|by|soon)\\b|\\bwon't make it to (?:june|july|august|september|october|november|december|january|february|march|april|may|christmas|the weekend|next \\w+|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\\b|\\bmaking it official\\b|\\blog(?:ging)? off for good\\b|\\bi will (?:already )?be gone\\b|\\bmemoriali[sz]ed? (?:mode|account|page|profile)\\b|\\bmemorial mode\\b|\\b(?:\\d|two|three|four|five|six) more days\\b",
  ),
  hopeless: rx(
    "\\bi no fit continue\\b|\\bsiwezi tena\\b|\\bnimechoka na maisha\\b|\\bhad enough of (?:this )?life\\b|\\bpagod na pagod\\b|\\bme ho nni mfaso\\b|\\beveryone (?:at school |at work )?hates me\\b|\\bnumb for (?:months|weeks|ages|years)\\b|\\bbetter this way for everyone\\b|\\btoo much (?:shame|debt)\\b|\\btired of trying\\b|\\bya no aguanto m[áa]s\\b|\\bi am so tired\\b|\\bromba kashtam\\b|\\b(?:aur |ab )nahi? jhel (?:sakta|sakti)\\b|\\bsab khatam\\b|\\bsitaki kuendelea\\b|\\bnimechoka\\b|\\bpagod na ako\\b|\\bonly reason i (?:held|hung|kept going|stayed|have held)(?: on)?\\b|\\b(?:fresh start|better life|be happier) without me\\b|\\bdragging (?:her|him|them|everyone|my [a-z]+) down\\b|\\b(?:it's|its) all i think about\\b|\\bno (?:retirement|future|next year|tomorrow) (?:coming )?for me\\b|\\bdone fighting\\b|\\bthe pain never stops\\b|\\bno point dragging (?:it|this) out\\b|\\bno puedo m[áa]s\\b|\\bno reason to (?:wake up|get up|be here|carry on)\\b|\\bburden of me\\b|\\b(?:cope|manage|get on|do) better without (?:the burden of )?me\\b|\\b(?:don't|do not|dont) have (?:anyone|anybody) (?:else )?(?:to (?:message|talk to|call|tell)|left)\\b|\\bpoint of me\\b|\\bno future\\b|\\bnothing left\\b|\\bcan't face (?:my|anyone|life|another|them)\\b|\\ba burden\\b|\\bbetter off (?:without me|collecting|with)\\b|\\bmore out of (?:that|it|this|the \\w+|my \\w+) than (?:out of )?me\\b|\\bdon't see why i should keep\\b|\\ball i had\\b|\\bonly thing getting me\\b|\\bme being alive\\b|\\bstopped eating\\b|\\btired of (?:living|being alive|everything|it all)\\b|\\b{CANT} (?:do|take) (?:this|it) (?:anymore|any more)\\b|\\bdone with (?:all of it|everything|life|it all)\\b|\\blast straw\\b|\\blost everything\\b|\\bnothing (?:to live for|matters (?:anymore|any more|now))\\b|\\bno reason to (?:live|stay|go on|keep going)\\b|\\bgive up on (?:life|everything)\\b|\\btired of (?:this )?life\\b|\\b(?:seems|looks|would be|is) easier than (?:any of )?(?:this|living|going on)\\b|\\bbetter for everyone\\b|\\bnobody (?:wants|wanting|needs) me\\b|\\bwant (?:make )?everything (?:to )?stop\\b|\\bif i die\\b|\\bno point (?:anymore|any more|in anything|to anything|in going on)\\b|\\bdoes ?n't matter (?:anymore|any more)\\b|\\bnobody (?:is )?(?:ever )?(?:going to |gonna )?(?:wants?|need) me\\b|\\bdone trying\\b|\\bcan't (?:do|take) this any ?more\\b|\\bnot doing this any ?more\\b|\\bno point (?:\\w+ )?any ?more\\b|\\bi'm so tired\\b(?! of (?:waiting|this app|the app|being logged|the ads))|\\bcan't see a way (?:back|out|forward)\\b|\\b(?:is|are|would be|will be|be) better (?:off )?without me\\b|\\bdon't want to be (?:here|around|alive) without\\b|\\b(?:am|i'm|im) (?:a )?burden\\b|\\btired of fighting\\b|\\bdone (?:with|w) everything\\b|\\b(?:not|haven't|have not) eaten (?:in|for) (?:\\w+ )?(?:days|weeks)\\b|\\bonly thing that (?:talked|talks|spoke|cared|listens?)\\b|\\bthere's (?:one|only one) way out\\b|\\bi'm just done\\b|\\bdone done\\b|\\brun out of reasons to (?:keep going|live|stay|go on)\\b|\\bnobody's (?:gonna|going to) (?:notice|miss me|care)\\b|\\b(?:been|feel|feeling|i'm) (?:like )?(?:a ghost|invisible|erased|effac[ée]e?)\\b|\\bsince \\w+ (?:went|passed|died)\\b|\\bnot (?:be |being )?(?:my choice|here) for much longer\\b",
  ),
};

/** The self-harm cues a message holds: their words, and whether one is an act against oneself. */
function cues(lower: string, source: string): { found: string[]; act: boolean } {
  const found: string[] = [];
  let act = false;
  for (const [kind, re] of Object.entries(SELF_HARM_CUES)) {
    re.lastIndex = 0;
    // Finality means nothing next to a move or a trip; two different signs of it ("before i go" … "won't be
    // answering after tomorrow") count as two cues. The patterns are global: exec goes on from the last match,
    // and stops scanning as soon as enough are found.
    if (kind === 'finality' && MOVING.test(lower)) continue;
    for (let k = 0, m: RegExpExecArray | null; k < (kind === 'finality' ? 2 : 1) && (m = re.exec(lower)) !== null; k++) {
      if (kind === 'act') act = true;
      found.push(source.slice(m.index, m.index + m[0].length).trim());
    }
  }
  return { found, act };
}

/** The learned model (safety-model.ts) must be at least this sure to count, and then only beside a cue. */
const MODEL_WITH_ONE_CUE = 0.75;

function cueHit(lower: string, source: string, text: string, model?: SelfHarmModel): SafetyHit | null {
  const { found, act } = cues(lower, source);
  if (act || found.length >= 2) return { category: 'self_harm', score: act ? 0.85 : 0.8, evidence: found.join(' … ') };
  // One cue is too little for a rule, but in words the model has learned to read as a cry for help it is enough.
  if (found.length === 1 && selfHarmProbability(text, model) >= MODEL_WITH_ONE_CUE) return { category: 'self_harm', score: 0.75, evidence: found[0] ?? '' };
  return null;
}

// Complaint or contact words that, with an official body named by its shape, make a complaint.
const TO_BODY_VERB = /\b(?:complain\w*|report\w*|lodg\w*|fil(?:e|ed|ing)|writ(?:e|ing|ten)|wrote|escalat\w*|logged|submitted|rung|rang|ringing|told|informing|forward\w*|send(?:ing)?|sent|getting (?:a copy|copies|the (?:photos|evidence|screenshots|details)|my complaint|a (?:detailed )?complaint)|will (?:hear|be hearing)|answering to|answer to)\b/i;
// A body named by its shape in the visitor's own capitals: "the Food Standards Agency", "FCCPC", "the state veterinary board".
const BODY_BY_NAME = /\b(?:the )?(?:[A-Z][a-z]+(?:'s)? (?:(?:&|and|of|for) )?){1,5}(?:Agency|Authority|Commission|Board|Bureau|Ombudsman|Regulator|Commissioner|Council|Watchdog)\b|\b(?:the )?(?:Office|Department) of (?:the )?(?:[A-Z][a-z]+ (?:(?:of|for|and) )?){0,5}[A-Z][a-z]+\b|\b(?:state|national|federal|provincial) [a-z]+ (?:[a-z]+ )?(?:board|commission|authority|agency|regulator|council)\b/;
const BODY_ACRONYM = /\b(?:to|with|at|by|for|kwa|na|sa|the) (?:the )?([A-Z]{3,6})\b(?! (?:code|number|key|address|reference|pin|id)\b)/g;
const NOT_BODIES = new Set(['TOS', 'TOU', 'EULA', 'SLA', 'NDA', 'MSA', 'SOW', 'CEO', 'CFO', 'CTO', 'COO', 'HR', 'IT', 'LOL', 'OMG', 'ASAP', 'FYI', 'SMS', 'ATM', 'PIN', 'OTP', 'APP', 'USA', 'UK', 'EU', 'NHS', 'GP', 'TV', 'PDF', 'USD', 'GBP', 'EUR', 'KES', 'NGN', 'INR', 'ZAR', 'CAD', 'AUD', 'VAT', 'GST', 'DM', 'FAQ', 'URL', 'API', 'SIM', 'WIFI', 'NBN', 'CCTV', 'MRI', 'ICU', 'VIP', 'VCAT', 'NCAT', 'QCAT', 'SACAT', 'MCOL']); // the last are tribunals and courts: legal, not regulatory

/** A document asked for ("send over the DPA", "send me the SLA"), not a body written to. */
const SENT_TO_ME = /\bsend(?:ing)?(?: (?:me|us|over|across))* (?:the|a|your)\b/i;

/** A question asked out of interest about a body is not a complaint to it. */
const CALM = /\b(?:out of curiosity|curious|just wondering|not that i|hypothetically|assignment|homework)\b/;

/**
 * A complaint to an official body the body list does not know, recognised by how bodies are named: a complaint or
 * contact verb, and capitalised words ending like a body ("... Agency", "Office of ...") or an acronym after "to",
 * "with"... that is not in NOT_BODIES nor a document asked for. Not when the question is asked out of interest,
 * reports a third party, or quotes the company.
 */
function bodyByShape(text: string, lower: string): SafetyHit | null {
  if (!TO_BODY_VERB.test(lower) || CALM.test(lower) || THIRD_PARTY_REPORT.test(lower)) return null;
  const named = BODY_BY_NAME.exec(text);
  if (named && !quoted(lower, named.index, named.index + named[0].length)) return { category: 'regulatory_complaint', score: 0.75, evidence: named[0].trim() };
  for (const m of text.matchAll(BODY_ACRONYM)) {
    const acronym = m[1] ?? '';
    // "send over the DPA": a document the visitor wants sent, not a body they go to.
    if (SENT_TO_ME.test(text.slice(Math.max(0, m.index - 30), m.index + 4)) || quoted(lower, m.index, m.index + m[0].length)) continue;
    if (!NOT_BODIES.has(acronym)) return { category: 'regulatory_complaint', score: 0.75, evidence: m[0].trim() };
  }
  return null;
}

/**
 * The gate for the rules whose every alternative names a body (needsBody): most messages name none from BODY, and
 * those rules are skipped; bodyByShape still looks for a body the list does not know. A cheap superset of BODY:
 * "X Y ombudsman" is found by "ombudsman" alone, without trying up to four words before every word of every
 * message (the rules themselves still match the whole name).
 */
const ANY_BODY = rx(`\\b${MACROS.BODY!.replace('(?:[a-z&]+ ){0,4}ombudsm[ae]n', 'ombudsm[ae]n').replace('(?:[a-z&]+ ){1,3}ombud', 'ombud')}\\b`);

/**
 * A visitor asking how complaints and claims work, not making one: "if I ever had a complaint, do I go to the
 * ombudsman?", "nothing's wrong, just reading the terms". Legal and regulatory flags are dropped then;
 * a cry for help never is.
 */
const HYPOTHETICAL = /\b(?:if i ever|how to sue\b|ignore my last message|all good now|(?:writing|doing) (?:my|a) (?:dissertation|thesis|essay|assignment|article|report) (?:on|about)|(?:was|were) (?:about |almost |nearly )?(?:ready|going|about) to (?:go to|complain to|report (?:you|it|this) to|contact|call) [^.!?\n]{0,40}\bbut\b|read (?:it )?on (?:reddit|twitter|x|facebook|tiktok|social media|a forum)|people are suing|(?:i )?(?:don't|do not) want to get involved|(?:i'?d|i would) rather (?:just )?sort (?:it|this) (?:out )?(?:here|with you)|news (?:story|article|report)|saw (?:it )?on the news|read (?:an|a) (?:article|story|piece)|journalist|reporter|press office|writing (?:an|a) (?:article|piece|story) (?:about|on)|for my (?:\w+ )?(?:blog|article|podcast|thesis|dissertation|research)|process question|(?:trying to |just want to )?understand (?:the process|how (?:it|this|complaints?|that) works?)|nothing'?s wrong|just curious|true crime|documentary|(?:a |the )?doc about|podcast about|(?:film|movie|series|show) about|curious (?:how|whether|if)|npc|side ?quest|(?:crime |detective )?novel|screenplay|my character|in (?:the|this) game|just (?:reading|checking) (?:the |your )?(?:terms|t&cs|policy|small print)|out of curiosity|just wondering|hypothetically|for (?:an|my) assignment|reading list|for my (?:\w+ )?(?:class|course|module|coursework|homework))\b/;

/** Every safety category the message raises, strongest first; [] when none. */
export function detectSafety(text: string, extraExamples?: Partial<Record<SafetyCategory, readonly string[]>>, model?: SelfHarmModel): SafetyHit[] {
  const { lower, source } = prepare(text);
  const best = new Map<SafetyCategory, SafetyHit>();
  const keep = (h: SafetyHit | null) => {
    const prev = h && best.get(h.category);
    if (h && (!prev || h.score > prev.score)) best.set(h.category, h);
  };
  ANY_BODY.lastIndex = 0;
  const namesBody = ANY_BODY.test(lower);
  for (const r of RULES) {
    if (r.needsBody && !namesBody) continue;
    if (!best.has(r.category) || best.get(r.category)!.score < r.score) keep(runRule(r, lower, source));
  }
  if (!best.has('self_harm')) keep(cueHit(lower, source, text, model));
  if (!best.has('regulatory_complaint')) keep(bodyByShape(source, lower));
  for (const cat of SAFETY_CATEGORIES) {
    const examples = extraExamples?.[cat]; // unknown keys from a policy file are ignored
    if (Array.isArray(examples) && examples.length) keep(exampleHit(cat, examples, text));
  }
  if (HYPOTHETICAL.test(lower)) {
    best.delete('legal_threat');
    best.delete('regulatory_complaint');
  }
  return [...best.values()].sort((a, b) => b.score - a.score);
}

