"""The crisis patterns: what counts as words of crisis, and the everyday sayings that only look like them.

Patterns are written in a small notation over normalised words (see bot.safety.normalise), one slot per word:

    "kill|killing myself"        either word, then "myself"
    "@DRUGS"                     any word in the set DRUGS below
    "just?"                      an optional word;  "@FILL*"  any number of words from FILL
    "!this|fear"                 one word that is NOT one of these
    "#"                          a number ("30", "thirty")
    "~"                          up to 3 words of any kind: "he ~ kill me" takes "he said he will kill me"

A Rule with at_end=True only counts at the end of a thought (the end of a sentence, or a comma or dash),
allowing a few small words after it (TRAILING): "I'm going to jump", "I'm going to jump now, help" are a
crisis; "I'm going to jump at the chance" is not.

How we decided (safety first, but not on every figure of speech):
- Anything reflexive about killing or hurting oneself counts, even the overwork saying "I'm killing
  myself to meet targets": the words are too close to the real thing to guess. "killing myself
  laughing" is the one exception.
- Sayings where something else is "killing me" ("this job is killing me", "my feet are killing me",
  "the deadline is killing me") are NOT a crisis on their own. They are very common, and they say work
  is hard, not that the person is in danger. That need is met by handing over to an employment
  specialist (reason in_work_struggling). If the same message also says "I want to die" or
  "I can't go on", that part is caught.
- Negation does not cancel: "I'm not suicidal, but..." still gets the crisis help. Showing the numbers
  to someone who did not need them costs little; missing someone who did costs a great deal.
- Medicines: many people with a health condition take a lot of tablets, so "I take all my tablets in the
  morning" is ordinary. "All my pills" counts with intent ("I'm going to take all my pills"); in the
  past tense it needs a stronger amount ("a whole packet", "too many").
- Accidents are not self-harm: "I cut myself shaving", "I hurt myself at work".
- Violence: "someone is going to kill me" and "he hits me" count as danger from others. "My mum will
  kill me if I'm late" does not: a named family member with "kill" is nearly always a figure of
  speech, but with "hurt", "hit" or "attack" it counts.
- Happening now is an emergency: an overdose taken, bleeding, someone collapsed, standing on the bridge.
  A plan, a date, tablets saved up are suicide: the help still starts with 999.
- Some words of risk are unclear alone ("I bought a rope", "I did some damage"): they give the gentle
  check (CHECK), not the full help, unless the classifier is sure (bot.safety.detector).
- Words about a job, a hobby, a move or the past cancel some rules in their sentence (CANCELLERS):
  "I won't be here next week, I'm on holiday", "I took an overdose 5 years ago".
"""
from __future__ import annotations

import re
from typing import NamedTuple

EMERGENCY = "emergency"  # a life in danger now: an overdose taken, bleeding, on a bridge
DANGER_FROM_OTHERS = "danger_from_others"  # abuse, threats, someone breaking in
SUICIDE = "suicide"  # thoughts, plans, hopelessness with intent
SELF_HARM = "self_harm"
HARMING_OTHERS = "harming_others"  # the person fears they will hurt someone
CHECK = "check"  # risk words whose meaning is unclear: ask gently whether the person is safe
# Most urgent first: when one message matches several rules, the first category here wins.
CATEGORIES = (EMERGENCY, DANGER_FROM_OTHERS, SUICIDE, SELF_HARM, HARMING_OTHERS, CHECK)


# Small words that may follow an at_end rule without changing its meaning: "I can't go on anymore tbh".
TRAILING = frozenset("""please help me tbh honestly really x xx xxx lol though now today tonight right soon i
    think just so sorry anyway anymore ok okay""".split())


class Rule(NamedTuple):
    category: str
    pattern: str
    at_end: bool = False
    unless: str = ""  # groups of CANCELLERS, space-separated: the rule does not count in a sentence with one


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


SETS: dict[str, tuple[str, ...]] = {
    "KILL_SELF": _words("""kill killing killed kills unalive unaliving hang hanging hanged drown drowning
        poison poisoning suffocate suffocating gas gassing shoot shooting shot off offing"""),
    "HARM_SELF": _words("""hurt hurting hurts harm harming harmed cut cutting cuts burn burning burned burnt
        starve starving starved injure injuring injured scratch scratching scratched punch punching
        punched hit hitting bite biting"""),
    "WANTS": _words("want wanted wanting wants wish wished wishing ready deserve deserves like"),
    "DRUGS": _words("""pills pill tablets tablet medication medicine medicines painkillers paracetamol
        ibuprofen aspirin cocodamol codeine tramadol morphine insulin antidepressants sertraline
        citalopram fluoxetine mirtazapine diazepam lithium drugs prescription heroin cocaine"""),
    # "all my pills" is a crisis only with intent ("going to take all my pills"): people with a health
    # condition often say "I take all my tablets in the morning". Past tense needs a stronger amount.
    "AMOUNT": _words("""all every whole entire loads load lots lot handful bottle bottles box boxes packet
        packets pack packs strip strips too stash"""),
    "PAST_AMOUNT": _words("whole entire bottle bottles box boxes packet packets pack packs strip strips too stash"),
    "FILL": _words("of my the a an these those me many much sleeping pain full"),
    "TAKE": _words("take swallow down neck"),
    "TAKING": _words("taking swallowing downing necking"),
    "TAKEN": _words("took taken swallowed downed necked"),
    "HIGH": _words("""bridge building roof cliff balcony tower window car park multistorey flyover motorway
        ledge"""),
    "VEHICLE": _words("train bus car lorry truck tube traffic tram van"),
    "OTHERS": _words("someone somebody people everyone everybody anyone anybody others"),
    "PERSON": _words("someone somebody people everyone everybody anyone anybody others him her them"),
    "FAMILY": _words("""baby babies child children kids kid son daughter partner wife husband boyfriend
        girlfriend mum mother dad father family brother sister carer"""),
    "VIOLENT_STRONG": _words("kill killing murder murdering stab stabbing shoot shooting strangle strangling"),
    "VIOLENT": _words("""kill murder stab shoot strangle hurt harm attack killing murdering stabbing shooting
        strangling hurting harming attacking"""),
    "VIOLENT_ING": _words("killing murdering stabbing shooting strangling hurting harming attacking"),
    "SUBJ_ANY": _words("someone somebody he she they"),
    "SUBJ_KNOWN": _words("""partner husband wife boyfriend girlfriend ex dad father stepdad mum mother
        stepmum brother sister son daughter carer neighbour landlord man"""),
    "HARM_BASE": _words("hurt attack hit stab rape strangle harm"),
    "HARM_ING": _words("hurting attacking hitting stabbing raping strangling harming threatening stalking abusing"),
    "HARM_DONE": _words("""hurts hurt attacks attacked hits hit stabs stabbed raped rapes strangles strangled
        harms harmed threatens threatened abuses abused assaulted assaults stalks"""),
    "DIE_IDIOMS": _words("""embarrassment shame boredom laughing laughter cringe curiosity excitement happiness
        envy jealousy hunger thirst fright shock"""),
    "ACCIDENT": _words("""accidentally shaving cooking chopping lifting falling tripping slipping playing
        gardening exercising running training moving"""),
    "FEELINGS": _words("""feelings chances career reputation business prospects pride case application
        interests"""),
}
SETS.update({
    "MEANS": _words("""rope ropes noose ligature ligatures belt cord cable knife knives blade blades razor razors
        gun shotgun rifle gas charcoal bleach poison antifreeze"""),
    "HANGING": _words("rope noose ligature belt cord cable"),
    "GOT": _words("""bought buy buying ordered order ordering got get getting saved saving collected collecting
        stockpiled stockpiling hoarded hoarding hid hidden hiding keeping kept have has holding"""),
    "PLACE": _words("""bridge bridges roof rooftop cliff cliffs ledge edge balcony tower flats building quarry
        multistorey flyover motorway river sea canal lake reservoir estuary water railway tracks platform
        line station woods"""),
    "GOING": _words("going gonna planning plan about ready decided want wanted"),
    "MOVE": _words("""jump jumping throw throwing step stepping walk walking drive driving crash crashing lie lying
        go run running"""),
    "NOTE": _words("note notes letter letters"),
    "LOVED_ONES": _words("""mum mam mom mother dad father kids children son daughter sister brother nan gran family
        wife husband partner boyfriend girlfriend friends everyone bairns baby"""),
    "PETS": _words("cat cats dog dogs pet pets rabbit rabbits fish hamster budgie"),
    "GONE": _words("gone dead away"),
    "MEDICAL": _words("""collapsed unconscious fitting unresponsive"""),
    "PERSON_HERE": _words("""mum mam mom mother dad father son daughter partner husband wife friend flatmate
        grandad nan gran baby boy girl brother sister carer he she they someone somebody child"""),
    "SWALLOWED": _words("swallowed drank drunk taken took ate eaten"),
    "POISONS": _words("bleach poison battery antifreeze cleaning detergent weedkiller"),
    "LOTS": _words("lot load loads bunch handful lot lots everything few extra half"),
    "HURT_ME": _words("""hit hits hitting punched punches punch kicked kicks kick pushed pushes push shoved
        slapped slaps beat beats beating battered strangled strangles choked chokes grabbed touched touches
        touching raped rapes hurts hurt hurting threw burnt burned"""),
    "WEAPON": _words("knife knives gun bat weapon machete hammer blade axe"),
    "ABUSER": _words("""he she they him her partner husband wife boyfriend girlfriend ex dad father stepdad mum
        mother stepmum brother sister son carer neighbour landlord man uncle flatmate housemate someone"""),
    "SH_WHAT": _words("cut cutting cuts burn burning burnt burned"),
    "BODY": _words("arm arms leg legs thigh thighs wrist wrists skin stomach hand hands"),
    "HEAD_AT": _words("wall walls floor door"),
    "FAREWELL": _words("goodbye goodbyes farewell"),
})
SETS["SUBJ"] = SETS["SUBJ_ANY"] + SETS["SUBJ_KNOWN"]
SETS["AFTER_OVERDOSE"] = SETS["DRUGS"] + SETS["FILL"] + SETS["AMOUNT"] + _words("them it some")

RULES: tuple[Rule, ...] = (
    # ------------------------------------------------------------------ suicide
    Rule(SUICIDE, "@KILL_SELF myself", unless="denial"),
    Rule(SUICIDE, "unalive|unaliving|unalived"),
    Rule(SUICIDE, "suicide|suicidal|suicidally|suicidality", unless="long_ago denial"),
    Rule(CHECK, "not suicidal"),
    Rule(SUICIDE, "end|ending|ended|take|taking|took my own? life", unless="long_ago denial"),
    Rule(SUICIDE, "end|ending it all"),
    Rule(SUICIDE, "end|ending everything", at_end=True),
    Rule(SUICIDE, "to end it|things|everything", at_end=True),
    Rule(SUICIDE, "end it now|tonight|today", at_end=True),
    Rule(SUICIDE, "ending it", at_end=True),
    Rule(SUICIDE, "it all to stop|end"),
    Rule(SUICIDE, "want|wants|wanted everything to stop|end"),
    Rule(SUICIDE, "make it all stop"),
    Rule(SUICIDE, "give|giving|gave|given up on life|living"),
    Rule(SUICIDE, "my life is over", at_end=True),
    Rule(SUICIDE, "nobody|noone would|will miss me"),
    Rule(SUICIDE, "@WANTS to just? die"),
    Rule(SUICIDE, "wish|wished|hope i could|would|can|will|might? die|died"),
    Rule(SUICIDE, "wish|wished|hope i was|were|could|would|am be? dead"),
    Rule(SUICIDE, "want|wants|wanted to be dead"),
    Rule(SUICIDE, "better off dead"),
    Rule(SUICIDE, "rather be dead"),
    Rule(SUICIDE, "wish|wished i was|were|had never|not been? born"),
    Rule(SUICIDE, "not|never want to live|exist|living"),
    Rule(SUICIDE, "not|never want to be alive|living"),
    Rule(SUICIDE, "not|never want to wake up"),
    Rule(SUICIDE, "not want to be here|around", at_end=True),
    Rule(SUICIDE, "not want to be here|around anymore|now"),
    Rule(SUICIDE, "want to be here|around no more|longer"),
    Rule(SUICIDE, "not want to go|carry on", at_end=True),
    Rule(SUICIDE, "not want to go|carry on living|like|anymore"),
    Rule(SUICIDE, "tired|sick of my? living|life|existing"),
    Rule(SUICIDE, "tired|sick of being alive"),
    Rule(SUICIDE, "done|finished with life|living"),
    Rule(SUICIDE, "no|nothing point|reason|reasons in|of|for? living|existing|life"),
    Rule(SUICIDE, "no point|reason to live|exist"),
    Rule(SUICIDE, "no point|reason in|to? going|go|carrying|carry on", at_end=True),
    Rule(SUICIDE, "nothing|nobody|noone|one left? to live for"),
    Rule(SUICIDE, "not worth living"),
    Rule(SUICIDE, "life is not worth it"),
    Rule(SUICIDE, "point of living|life|existing"),
    Rule(SUICIDE, "point in living|existing"),
    Rule(SUICIDE, "point anymore", at_end=True),
    Rule(SUICIDE, "better off without me|us"),
    Rule(SUICIDE, "better off if|when i was|were|am|is gone|dead"),
    Rule(SUICIDE, "better off if|when i was|were|am|is not here|around|alive"),
    Rule(SUICIDE, "better off if|when i was|were|had never been? born"),
    Rule(SUICIDE, "can not go|carry on", at_end=True),
    Rule(SUICIDE, "can not go|carry on like|anymore|living|much"),
    Rule(SUICIDE, "can not take|do|cope it|this? anymore"),
    Rule(SUICIDE, "not|never wake up again?", at_end=True),
    Rule(SUICIDE, "sleep forever"),
    Rule(SUICIDE, "to disappear forever?", at_end=True),
    Rule(SUICIDE, "wish i could|would disappear|vanish"),
    Rule(SUICIDE, "disappear forever"),
    Rule(SUICIDE, "no way out", at_end=True),
    Rule(SUICIDE, "goodbye|bye cruel world"),
    Rule(SUICIDE, "goodbye forever"),
    Rule(SUICIDE, "goodbye note|notes|letter|letters"),
    Rule(SUICIDE, "i am|feel like? a burden", at_end=True),
    Rule(SUICIDE, "burden to|on everyone|everybody|them|all"),
    Rule(SUICIDE, "not be here|around much|for longer|long"),
    Rule(SUICIDE, "jump|jumping|jumped off|from a|the|this|that? @HIGH"),
    Rule(SUICIDE, "throw|throwing|threw myself off|from|under"),
    Rule(SUICIDE, "jump|jumping|step|stepping|walk|walking|lie|lying|throw|throwing myself? in front of"),
    Rule(SUICIDE, "jump|jumping|step|stepping|lie|lying|throw|throwing myself? under a|the? @VEHICLE"),
    Rule(SUICIDE, "slit|slitting|cut|cutting|slash|slashing my wrist|throat"),
    Rule(SUICIDE, "noose"),
    Rule(SUICIDE, "to @TAKE @FILL* @AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(SUICIDE, "about|of @TAKING @FILL* @AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(SUICIDE, "overdose|overdosing|overdoses|overdosed", unless="long_ago work_or_hobby denial"),
    Rule(SUICIDE, "saving|stockpiling|hoarding|saved|stockpiled|hoarded up? my|the? @DRUGS"),
    Rule(SUICIDE, "@DRUGS saved|stockpiled|hoarded"),
    Rule(SUICIDE, "od on"),
    Rule(SUICIDE, "to od", at_end=True),
    # ------------------------------------------------------------------ self-harm
    Rule(SELF_HARM, "@HARM_SELF myself", unless="denial"),
    Rule(SELF_HARM, "self harm|harming|harmed|harmer|injury|injure|injuring|injured|hurt|hurting", unless="long_ago denial"),
    # ------------------------------------------------------------------ emergency, then danger from others
    Rule(EMERGENCY, "@TAKEN @FILL* @PAST_AMOUNT @FILL|@AMOUNT* @DRUGS"),
    Rule(EMERGENCY, "@TAKEN all @FILL* @DRUGS at once"),
    Rule(EMERGENCY, "taken|swallowed all @FILL* @DRUGS", at_end=True),
    Rule(EMERGENCY, "have|has|just|already taken|took|had an|a? overdose"),
    Rule(EMERGENCY, "have|has|just|already overdosed"),
    Rule(EMERGENCY, "going|about|ready|want to jump", at_end=True),
    Rule(EMERGENCY, "to jump now|tonight|today|soon", at_end=True),
    Rule(EMERGENCY, "am|standing|stood|sat|sitting on|at the|a bridge|ledge|tracks|cliff|roof"),
    Rule(EMERGENCY, "will not stop bleeding"),
    Rule(EMERGENCY, "bleeding a? lot|badly|heavily|loads"),
    Rule(EMERGENCY, "have|got|holding a|the|my knife|gun|blade|rope|razor", at_end=True),
    Rule(EMERGENCY, "have|got|holding a|the|my knife|gun|blade|rope|razor ready|here|with|now|in|and"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ_ANY is|are going to kill|@HARM_BASE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ_KNOWN is|are going to @HARM_BASE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ_ANY will|might kill|@HARM_BASE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ_KNOWN will|might @HARM_BASE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ wants|want|tried|tries|threatened|threatens|threatening to kill|@HARM_BASE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ has|have|had? is|are|keeps|keep|kept|been|was|were @HARM_ING me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ @HARM_DONE me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ beat|beats|beating me up"),
    Rule(DANGER_FROM_OTHERS, "am not safe"),
    Rule(DANGER_FROM_OTHERS, "am unsafe"),
    Rule(DANGER_FROM_OTHERS, "not feel safe", at_end=True),
    Rule(DANGER_FROM_OTHERS, "not feel safe at|here|now|with|around|in"),
    Rule(DANGER_FROM_OTHERS, "feel unsafe"),
    Rule(DANGER_FROM_OTHERS, "am in danger"),
    Rule(DANGER_FROM_OTHERS, "scared|afraid|frightened|fear for my life"),
    Rule(DANGER_FROM_OTHERS, "am being abused|attacked|hurt|followed|threatened|stalked|beaten"),
    # ------------------------------------------------------------------ harming others
    Rule(HARMING_OTHERS, "@VIOLENT_STRONG @OTHERS"),
    Rule(HARMING_OTHERS, "@VIOLENT_STRONG other people"),
    Rule(HARMING_OTHERS, "to|will|might|could @VIOLENT @PERSON"),
    Rule(HARMING_OTHERS, "to|will|might|could @VIOLENT other people"),
    Rule(HARMING_OTHERS, "to|will|might|could @VIOLENT my @FAMILY"),
    Rule(HARMING_OTHERS, "@VIOLENT_ING @PERSON"),
    Rule(HARMING_OTHERS, "@VIOLENT_ING my @FAMILY"),
    # ------------------------------------------------------------------ plans and means
    Rule(SUICIDE, "noose|ligature|ligatures"),
    Rule(SUICIDE, "top|topping|topped myself"),
    Rule(SUICIDE, "tie|tied|tying a|the|my? @HANGING"),
    Rule(SUICIDE, "@HANGING and found|find somewhere|something"),
    Rule(CHECK, "@GOT ~ a|the|some|my @MEANS", unless="work_or_hobby"),
    Rule(SUICIDE, "@GOT ~ a|the|some|my @MEANS ~ for|on me|myself", unless="work_or_hobby"),
    Rule(SUICIDE, "@GOT ~ a|the|some|my @MEANS ~ to end", unless="work_or_hobby"),
    Rule(SUICIDE, "@GOT ~ a|the|some|my @MEANS ~ for when", unless="work_or_hobby"),
    Rule(SUICIDE, "@GOT ~ a|the|some|my? @MEANS ~ ready", unless="work_or_hobby"),
    Rule(SUICIDE, "@GOT ~ @DRUGS ~ ready|lined|saved|enough"),
    Rule(SUICIDE, "@DRUGS ~ lined up"),
    Rule(SUICIDE, "@DRUGS are|is in my hand"),
    Rule(SUICIDE, "saving|saved|collecting|collected|stockpiling|stockpiled|hoarding|hoarded ~ @DRUGS"),
    Rule(SUICIDE, "saving|saved|collecting|collected|stockpiling|stockpiled|hoarding|hoarded ~ them|it up? for it"),
    Rule(SUICIDE, "@GOING to take|swallow all|everything|them"),
    Rule(SUICIDE, "@GOING to take|swallow the lot"),
    Rule(SUICIDE, "take all|everything in the medicine cabinet|cupboard"),
    Rule(SUICIDE, "researching|googling|googled|looking|looked|reading|read ~ ways|methods"),
    Rule(SUICIDE, "how to die|kill"),
    Rule(SUICIDE, "lethal dose|doses"),
    Rule(SUICIDE, "ways to die|end|kill"),
    Rule(SUICIDE, "picked|chosen|chose|set the|a date|day|place|spot|tree|method", at_end=True),
    Rule(SUICIDE, "picked|chosen|chose the|a place|spot|tree|method"),
    Rule(SUICIDE, "worked out the|a place|time|date"),
    Rule(SUICIDE, "know exactly where|how|when"),
    Rule(SUICIDE, "how i would|will do it"),
    Rule(SUICIDE, "go|going through with it"),
    Rule(SUICIDE, "gone through with it"),
    Rule(SUICIDE, "a plan and the means"),
    Rule(SUICIDE, "@GOING to do it on|at|when|tonight|tomorrow|this|after|before"),
    Rule(SUICIDE, "@GOING to @MOVE off|from|into|under|in|onto ~ @PLACE|@VEHICLE|wall|tree|traffic|car|flats"),
    Rule(SUICIDE, "@MOVE into|in the|a? sea|river|canal|traffic|water|lake"),
    Rule(SUICIDE, "in front of a|the? @VEHICLE|traffic"),
    Rule(SUICIDE, "@GOING to drive|crash my car"),
    Rule(SUICIDE, "not coming back", at_end=True),
    Rule(SUICIDE, "to end my life with"),
    Rule(SUICIDE, "with everything i need"),
    Rule(SUICIDE, "would not stop me"),
    Rule(SUICIDE, "so i would get it right"),
    Rule(CHECK, "how high the|a @PLACE"),
    Rule(CHECK, "which bridges|bridge"),
    Rule(CHECK, "watching|watch the fast? trains"),
    Rule(CHECK, "checking the train times ~ not"),
    Rule(CHECK, "sat|sitting|standing|stood by|at|near the railway|tracks|line|edge"),
    Rule(SUICIDE, "sat|sitting|standing|stood by|at|near the railway|tracks|line|edge ~ deciding"),
    Rule(CHECK, "something|anything stupid|daft"),
    Rule(SUICIDE, "i need help now", at_end=True),  # the check's button, typed
    Rule(SUICIDE, "before i do something stupid|daft"),
    Rule(SUICIDE, "turned|turn|put the gas on"),
    Rule(SUICIDE, "shotgun|gun out"),
    Rule(EMERGENCY, "car is? running in the garage"),
    Rule(EMERGENCY, "am on|at the|a roof|top|edge|cliffs|cliff|platform|bridge|quarry|ledge", unless="everyday_place"),
    Rule(EMERGENCY, "stood|standing on the edge"),
    Rule(EMERGENCY, "on the top level|floor of the car park"),
    Rule(EMERGENCY, "writing|typing from|on the platform|bridge|roof|edge"),
    Rule(EMERGENCY, "next fast one|train"),
    Rule(EMERGENCY, "i came here to jump"),
    Rule(EMERGENCY, "on the ~ bridge typing|writing"),
    # ------------------------------------------------------------------ farewells
    Rule(SUICIDE, "this is goodbye", at_end=True, unless="away"),
    Rule(SUICIDE, "this is my last|final message|day|try", at_end=True, unless="away"),
    Rule(SUICIDE, "my last|final message|words", at_end=True, unless="away"),
    Rule(SUICIDE, "my last message|words to anyone|anybody"),
    Rule(SUICIDE, "last message|day|night|words ~ wanted someone to know"),
    Rule(SUICIDE, "my last day", at_end=True),
    Rule(SUICIDE, "the last time i message|talk|speak to anyone|anybody"),
    Rule(SUICIDE, "final message", at_end=True),
    Rule(SUICIDE, "final message ~ loved"),
    Rule(SUICIDE, "said|saying|say my? goodbyes", unless="thanks away"),
    Rule(SUICIDE, "said|say goodbye to my|everyone", unless="thanks"),
    Rule(SUICIDE, "already said goodbye"),
    Rule(CHECK, "say goodbye before i go"),
    Rule(SUICIDE, "goodbye|bye everyone|all|everybody", unless="thanks"),
    Rule(SUICIDE, "@FAREWELL note|notes|letter|letters|message|messages"),
    Rule(SUICIDE, "written|wrote|left|writing my|a? note|notes"),
    Rule(CHECK, "written|wrote|writing|left letters to|for everyone|my", unless="paperwork"),
    Rule(SUICIDE, "when|after|once|before i am gone|dead|away"),
    Rule(SUICIDE, "when|after|once|before i am not here|around"),
    Rule(SUICIDE, "when|after|once|before i have gone"),
    Rule(CHECK, "when|after|before i die", unless="paperwork"),
    Rule(CHECK, "if i die|died", unless="paperwork"),
    Rule(SUICIDE, "i am gone", at_end=True),
    Rule(SUICIDE, "will not be here|around|alive|there ~ next|much|by|after|to|for|long|tomorrow|anymore", unless="away"),
    Rule(SUICIDE, "not going to be here|around", unless="away"),
    Rule(CHECK, "will not be here|around", unless="away"),
    Rule(CHECK, "be around long enough"),
    Rule(SUICIDE, "need it|them where i am going"),
    Rule(SUICIDE, "not going to need it|them after"),
    Rule(SUICIDE, "after tonight none|nothing"),
    Rule(CHECK, "will not matter after"),
    Rule(SUICIDE, "affairs|everything|things in order"),
    Rule(SUICIDE, "sorted my affairs|will", unless="paperwork"),
    Rule(CHECK, "sorted the funeral"),
    Rule(CHECK, "tying up loose ends"),
    Rule(SUICIDE, "giving|given|gave|give away my|most|all of? my? things|stuff|belongings|possessions", unless="away"),
    Rule(CHECK, "giving|given|gave|give my things|stuff|belongings away"),
    Rule(CHECK, "what to do with my things|stuff"),
    Rule(SUICIDE, "rehomed|rehome|rehoming my @PETS"),
    Rule(SUICIDE, "look after my @PETS after|when|once"),
    Rule(SUICIDE, "my @PETS after|when|once i"),
    Rule(SUICIDE, "take|took my @PETS in if|when"),
    Rule(SUICIDE, "it will all? be over soon"),
    Rule(SUICIDE, "it will be over ~ faster|soon|quicker"),
    Rule(SUICIDE, "nobody|noone will have to worry about me"),
    Rule(SUICIDE, "by the time anyone|you|someone reads this"),
    Rule(SUICIDE, "checking|check out permanently"),
    Rule(SUICIDE, "checking|check out for good"),
    Rule(SUICIDE, "signing off for good|forever"),
    Rule(SUICIDE, "going away for good"),
    Rule(SUICIDE, "i am checking out", at_end=True),
    Rule(SUICIDE, "try to change my mind"),
    Rule(SUICIDE, "it was not|is not her|his|your|their fault"),
    Rule(SUICIDE, "@LOVED_ONES ~ knows|know i loved|love"),
    Rule(SUICIDE, "tell my @LOVED_ONES i am sorry"),
    Rule(CHECK, "tell my @LOVED_ONES"),
    Rule(CHECK, "one last time"),
    Rule(CHECK, "@LOVED_ONES will|would be better off"),
    Rule(SUICIDE, "will not exist"),
    Rule(SUICIDE, "never hear from me again"),
    Rule(CHECK, "not hear from me again"),
    Rule(CHECK, "whoever|who finds me"),
    Rule(CHECK, "in case i am not there"),
    Rule(CHECK, "if anything happens to me"),
    Rule(SUICIDE, "say goodbye ~ not need"),
    Rule(SUICIDE, "i am done after today|tonight"),
    Rule(SUICIDE, "will need them soon"),
    # ------------------------------------------------------------------ hopelessness with intent
    Rule(SUICIDE, "ready to go|die", at_end=True),
    Rule(SUICIDE, "i am ready now", at_end=True),
    Rule(SUICIDE, "done|tired|sick of? fighting"),
    Rule(SUICIDE, "trying to stay alive"),
    Rule(SUICIDE, "not fighting anymore"),
    Rule(SUICIDE, "make it|the pain? stop"),
    Rule(SUICIDE, "stop it myself"),
    Rule(SUICIDE, "only way out|left"),
    Rule(SUICIDE, "only exit|option"),
    Rule(SUICIDE, "one way out|left"),
    Rule(SUICIDE, "way out except"),
    Rule(SUICIDE, "planning|planned my way out"),
    Rule(SUICIDE, "let myself die"),
    Rule(SUICIDE, "finish|finishing my? life"),
    Rule(SUICIDE, "remove myself"),
    Rule(SUICIDE, "not going to have one"),
    Rule(SUICIDE, "decided|decision to stop|die|end|go"),
    Rule(CHECK, "made my decision|choice|peace"),
    Rule(CHECK, "made up my mind"),
    Rule(SUICIDE, "made up my mind to die|end|go"),
    Rule(SUICIDE, "at peace with my decision"),
    Rule(SUICIDE, "switch|turn mine|myself off"),
    Rule(SUICIDE, "make sure i do not wake"),
    Rule(SUICIDE, "make sure i never wake"),
    Rule(SUICIDE, "go and join my"),
    Rule(SUICIDE, "do everyone a favour"),
    Rule(SUICIDE, "not going to be here|around much longer"),
    Rule(SUICIDE, "going tonight", at_end=True),
    Rule(SUICIDE, "tonight is the night"),
    Rule(SUICIDE, "letting go tonight"),
    Rule(CHECK, "i am going", at_end=True, unless="thanks"),
    Rule(SUICIDE, "might as well be dead"),
    Rule(SUICIDE, "i am finished", at_end=True),
    Rule(SUICIDE, "live or die"),
    Rule(SUICIDE, "about dying|death all|every"),
    Rule(SUICIDE, "keep|keeps thinking about dying|death|ending"),
    Rule(SUICIDE, "relieved if i did not wake|woke"),
    Rule(SUICIDE, "mind if i did not wake|died"),
    Rule(SUICIDE, "not wake up tomorrow"),
    Rule(SUICIDE, "@VEHICLE would hit me"),
    Rule(SUICIDE, "i got|get|was|were|be hit by a|the @VEHICLE"),
    Rule(SUICIDE, "not trust myself"),
    Rule(SUICIDE, "promise i will|would|can be|stay|keep safe"),
    Rule(SUICIDE, "keep myself safe"),
    Rule(SUICIDE, "make it through the night|month|week"),
    Rule(SUICIDE, "getting through this month|week|year"),
    Rule(SUICIDE, "myself making it to"),
    Rule(SUICIDE, "better without me"),
    Rule(SUICIDE, "want live also"),
    Rule(SUICIDE, "want|wants die"),
    Rule(SUICIDE, "want this life to be over"),
    Rule(SUICIDE, "game end myself"),
    Rule(SUICIDE, "catching|catch the bus ~ permanent"),
    Rule(SUICIDE, "end myself"),
    Rule(SUICIDE, "end things|it for good"),
    Rule(SUICIDE, "going to end|ending it"),
    Rule(SUICIDE, "endin|ending it"),
    Rule(SUICIDE, "end it before|this|soon|after"),
    Rule(SUICIDE, "not going to carry on|try"),
    Rule(SUICIDE, "not exist anymore|permanently"),
    Rule(SUICIDE, "no hope left"),
    Rule(SUICIDE, "so i am not going to", at_end=True),
    Rule(SUICIDE, "do something about it permanently"),
    Rule(SUICIDE, "i will not be here"),
    Rule(SUICIDE, "not being here"),
    Rule(CHECK, "why should i stay"),
    Rule(CHECK, "do another year|month|day like this"),
    Rule(CHECK, "done with all of it"),
    Rule(CHECK, "no reason to keep going"),
    Rule(SUICIDE, "wanting to die"),
    Rule(SUICIDE, "thoughts about not being here"),
    Rule(SUICIDE, "i am dead ~ lol|not"),
    # ------------------------------------------------------------------ self-harm
    Rule(SELF_HARM, "cutting|cut again"),
    Rule(SELF_HARM, "been cutting|cuttin"),
    Rule(SELF_HARM, "i cut|cutting", at_end=True),
    Rule(SELF_HARM, "i cut and"),
    Rule(SELF_HARM, "only cut|cutting when"),
    Rule(SELF_HARM, "want to cut"),
    Rule(SELF_HARM, "sh again|deeper"),
    Rule(SELF_HARM, "to|i|the sh"),
    Rule(SELF_HARM, "relapsed|relapse ~ clean|again|blade|blood"),
    Rule(CHECK, "relapsed|relapse"),
    Rule(CHECK, "on purpose"),
    Rule(SELF_HARM, "@SH_WHAT|hurt|hurting|hit|hitting|scratch|scratching my? @BODY ~ on purpose"),
    Rule(SELF_HARM, "till|until ~ bleed|bleeds|bled|bleeding"),
    Rule(SELF_HARM, "banging|bang|hitting|hit|smashing|smash my head ~ against|on|off the? @HEAD_AT"),
    Rule(SELF_HARM, "punching|punch|punched|hitting myself"),
    Rule(SELF_HARM, "making|make myself sick"),
    Rule(SELF_HARM, "starving|starve myself"),
    Rule(SELF_HARM, "skip|skipping meals"),
    Rule(SELF_HARM, "punish|punishing myself"),
    Rule(SELF_HARM, "fresh|new|deep cuts|cut"),
    Rule(SELF_HARM, "cuts ~ need|needs stitches"),
    Rule(SELF_HARM, "the cuts myself"),
    Rule(SELF_HARM, "hiding the cuts|marks|scars"),
    Rule(SELF_HARM, "urge|urges to cut|hurt|harm|burn"),
    Rule(SELF_HARM, "urges are back"),
    Rule(CHECK, "urges|urge"),
    Rule(SELF_HARM, "blade|blades|razor|razors on|to|into my? @BODY"),
    Rule(SELF_HARM, "old habits"),
    Rule(SELF_HARM, "carved|carving ~ into my"),
    Rule(SELF_HARM, "on my thighs|wrists|arms now"),
    Rule(CHECK, "marks|scars on my @BODY"),
    Rule(CHECK, "@SH_WHAT marks|scars"),
    Rule(SELF_HARM, "hurt me again"),
    Rule(SELF_HARM, "hurting myself"),
    Rule(CHECK, "did some damage"),
    Rule(SELF_HARM, "scratching|scratch my skin|arms"),
    Rule(SELF_HARM, "pins in my skin"),
    Rule(SELF_HARM, "pull my hair out"),
    Rule(SELF_HARM, "cat scratches"),
    Rule(SELF_HARM, "arms|legs are a mess"),
    Rule(CHECK, "long sleeves in summer"),
    Rule(SELF_HARM, "to feel numb"),
    Rule(SELF_HARM, "how deep i am going"),
    # ------------------------------------------------------------------ emergency: a life in danger now
    Rule(EMERGENCY, "@TAKEN # @FILL|@AMOUNT* @DRUGS"),
    Rule(EMERGENCY, "@TAKEN a|my? @LOTS of|my? @FILL* @DRUGS", unless="long_ago"),
    Rule(EMERGENCY, "@TAKEN everything|it"),
    Rule(EMERGENCY, "@TAKEN the lot"),
    Rule(EMERGENCY, "@TAKEN all of? them"),
    Rule(EMERGENCY, "@TAKEN them all"),
    Rule(EMERGENCY, "@TAKEN too much|many"),
    Rule(EMERGENCY, "@TAKEN something and"),
    Rule(EMERGENCY, "@TAKEN ~ @DRUGS ~ feel|feeling|now|sick|scared|dizzy|weird|strange|hour|ago", unless="long_ago"),
    Rule(EMERGENCY, "@TAKEN more @DRUGS than"),
    Rule(EMERGENCY, "@TAKEN a load|loads|lot|bunch|handful", unless="long_ago"),
    Rule(EMERGENCY, "only taken|took a few|half|some"),
    Rule(EMERGENCY, "only half the box|packet"),
    Rule(EMERGENCY, "after the @DRUGS"),
    Rule(EMERGENCY, "drinking|drank ~ and took|taken ~ @DRUGS"),
    Rule(EMERGENCY, "@SWALLOWED ~ @POISONS"),
    Rule(EMERGENCY, "overdosed", unless="long_ago"),
    Rule(EMERGENCY, "taken an overdose", unless="long_ago"),
    Rule(EMERGENCY, "@MEDICAL", unless="long_ago"),
    Rule(EMERGENCY, "not|stopped breathing"),
    Rule(EMERGENCY, "not|stopped waking|responding|answering"),
    Rule(EMERGENCY, "will not wake"),
    Rule(EMERGENCY, "not making sense"),
    Rule(EMERGENCY, "can not breathe|breath"),
    Rule(EMERGENCY, "can not catch my breath"),
    Rule(EMERGENCY, "chest pain|pains", unless="long_ago"),
    Rule(EMERGENCY, "chest is|feels really? tight|painful"),
    Rule(EMERGENCY, "tight chest"),
    Rule(EMERGENCY, "having a heart|asthma attack"),
    Rule(EMERGENCY, "having a|an stroke|seizure|fit|hypo"),
    Rule(EMERGENCY, "having an allergic reaction"),
    Rule(EMERGENCY, "having a really|very? bad asthma attack"),
    Rule(EMERGENCY, "is having a|is fitting"),
    Rule(EMERGENCY, "face has? dropped"),
    Rule(EMERGENCY, "gone floppy"),
    Rule(EMERGENCY, "speech is wrong|slurred"),
    Rule(EMERGENCY, "can not feel my left|right side"),
    Rule(EMERGENCY, "blue around"),
    Rule(EMERGENCY, "lips are|going blue"),
    Rule(EMERGENCY, "throat is swelling"),
    Rule(EMERGENCY, "swelling up"),
    Rule(EMERGENCY, "epipen|inhaler has|is|does not worked|working|helping|work|help"),
    Rule(EMERGENCY, "bleeding ~ badly|heavily|loads|bad|faint|everywhere"),
    Rule(EMERGENCY, "bleeding a lot"),
    Rule(EMERGENCY, "bleeding will not stop"),
    Rule(EMERGENCY, "blood everywhere"),
    Rule(EMERGENCY, "can not stop the? bleeding|it"),
    Rule(EMERGENCY, "cut|cuts too|that deep"),
    Rule(EMERGENCY, "been stabbed|shot"),
    Rule(EMERGENCY, "full of smoke"),
    Rule(EMERGENCY, "house is on fire"),
    Rule(EMERGENCY, "sick and it is blood"),
    Rule(EMERGENCY, "rash that does not fade"),
    Rule(EMERGENCY, "had a fall and can not get up"),
    Rule(EMERGENCY, "sugar is|sugars are really? low"),
    Rule(EMERGENCY, "swallowed a button? battery"),
    Rule(EMERGENCY, "burned|burnt|scalded ~ badly"),
    Rule(EMERGENCY, "skin is coming off"),
    Rule(EMERGENCY, "blistering"),
    Rule(EMERGENCY, "my neck really hurts"),
    Rule(EMERGENCY, "tried to hang myself"),
    Rule(EMERGENCY, "going to pass out"),
    Rule(EMERGENCY, "for ages", unless="everyday_question"),
    Rule(EMERGENCY, "is hypo|hypo"),
    Rule(EMERGENCY, "shaking and confused"),
    Rule(EMERGENCY, "eyes rolling"),
    Rule(EMERGENCY, "fell and hit his|her|my head"),
    # ------------------------------------------------------------------ danger from another person
    Rule(DANGER_FROM_OTHERS, "@ABUSER ~ @HURT_ME me", unless="long_ago"),
    Rule(DANGER_FROM_OTHERS, "@ABUSER ~ @HURT_ME her|him|my", unless="long_ago"),
    Rule(DANGER_FROM_OTHERS, "hands round|around my throat|neck"),
    Rule(DANGER_FROM_OTHERS, "hell|shell|theyll kill|hurt|stab me"),
    Rule(DANGER_FROM_OTHERS, "@SUBJ_ANY will|would|might kill|hurt|stab|break|burn me|my"),
    Rule(DANGER_FROM_OTHERS, "@ABUSER ~ said|says|threatened|threatens|threatening he|she|they|to ~ kill|hurt|stab|break|burn"),
    Rule(DANGER_FROM_OTHERS, "threatened|threatening|threatens to kill me"),
    Rule(DANGER_FROM_OTHERS, "threatening me"),
    Rule(DANGER_FROM_OTHERS, "outside ~ with a|the? @WEAPON"),
    Rule(DANGER_FROM_OTHERS, "outside my house|flat|door ~ banging"),
    Rule(DANGER_FROM_OTHERS, "banging on the door"),
    Rule(DANGER_FROM_OTHERS, "@ABUSER has got|has a @WEAPON"),
    Rule(DANGER_FROM_OTHERS, "someone is|in the|my house|flat|home"),
    Rule(DANGER_FROM_OTHERS, "someone in the|my house|flat|home"),
    Rule(DANGER_FROM_OTHERS, "there is someone in"),
    Rule(DANGER_FROM_OTHERS, "trying to break in|into"),
    Rule(DANGER_FROM_OTHERS, "breaking|broke|broken into my|the house|flat|home"),
    Rule(DANGER_FROM_OTHERS, "break|breaking in", at_end=True),
    Rule(DANGER_FROM_OTHERS, "locked|locks me in"),
    Rule(DANGER_FROM_OTHERS, "locked in my|the room|house|flat"),
    Rule(DANGER_FROM_OTHERS, "locks the doors|door"),
    Rule(DANGER_FROM_OTHERS, "takes the keys"),
    Rule(DANGER_FROM_OTHERS, "not let me out|leave|phone|see|have|take|go|eat"),
    Rule(DANGER_FROM_OTHERS, "following|followed|stalking|stalked me"),
    Rule(DANGER_FROM_OTHERS, "keeps|keep following|turning up"),
    Rule(DANGER_FROM_OTHERS, "raped"),
    Rule(DANGER_FROM_OTHERS, "sexually assaulted"),
    Rule(DANGER_FROM_OTHERS, "touching|touches|touched me"),
    Rule(DANGER_FROM_OTHERS, "make|send|force|forced|forcing|sending me ~ to? marry"),
    Rule(DANGER_FROM_OTHERS, "to get married and i do not want"),
    Rule(DANGER_FROM_OTHERS, "forced marriage"),
    Rule(DANGER_FROM_OTHERS, "scared|afraid|frightened of him|her|them"),
    Rule(DANGER_FROM_OTHERS, "scared|afraid|frightened of my @SUBJ_KNOWN"),
    Rule(DANGER_FROM_OTHERS, "hiding in the|my? bathroom|wardrobe|room|cupboard|toilet"),
    Rule(DANGER_FROM_OTHERS, "hiding from him|her|them"),
    Rule(DANGER_FROM_OTHERS, "i am in the wardrobe|cupboard"),
    Rule(DANGER_FROM_OTHERS, "he|she|they is|are going mad"),
    Rule(DANGER_FROM_OTHERS, "will be back soon"),
    Rule(DANGER_FROM_OTHERS, "coming for me"),
    Rule(DANGER_FROM_OTHERS, "knows where i live"),
    Rule(DANGER_FROM_OTHERS, "bruises"),
    Rule(DANGER_FROM_OTHERS, "controls|control all? my money|phone"),
    Rule(DANGER_FROM_OTHERS, "takes|took|take all? my money|uc|benefits|pip|wages", unless="helps"),
    Rule(DANGER_FROM_OTHERS, "blackmailing|blackmail me"),
    Rule(DANGER_FROM_OTHERS, "keep|keeps|took|taken my passport|phone", unless="helps"),
    Rule(DANGER_FROM_OTHERS, "work for no money"),
    Rule(DANGER_FROM_OTHERS, "smashed my windows"),
    Rule(DANGER_FROM_OTHERS, "not safe at home|here|with"),
    Rule(DANGER_FROM_OTHERS, "somewhere safe"),
    Rule(CHECK, "think i am safe"),
    Rule(DANGER_FROM_OTHERS, "being beaten|abused|hurt"),
    Rule(DANGER_FROM_OTHERS, "gets angry when"),
    Rule(DANGER_FROM_OTHERS, "decides everything"),
    Rule(DANGER_FROM_OTHERS, "not allowed my own"),
    Rule(DANGER_FROM_OTHERS, "hides them|my"),
    Rule(DANGER_FROM_OTHERS, "left on her|his own all night"),
    Rule(DANGER_FROM_OTHERS, "shout at me and push"),
    Rule(DANGER_FROM_OTHERS, "put me in a home if"),
    Rule(DANGER_FROM_OTHERS, "coming into my room at night"),
    Rule(DANGER_FROM_OTHERS, "coming for me|round"),
    Rule(DANGER_FROM_OTHERS, "posted my address"),
)

# Everyday sayings that share words with a rule. A rule's match that overlaps one of these is dropped.
# Each one starts at the shared word, so it cannot hide a crisis phrase elsewhere in the clause.
EXCEPTIONS: tuple[str, ...] = (
    "die|dying|died of|from|with @DIE_IDIOMS",  # "I'd die of embarrassment"
    "die|dying|died laughing|for",  # "I nearly died laughing", "a view to die for"
    "kill|killing|killed myself laughing",
    "kill|killing|killed myself with laughter",
    "career|financial|political|social|economic|commercial|professional suicide",
    "suicide squad|mission|doors|run|runs|sprint|sprints|drill|drills",
    # a course, a job, a service: "suicide prevention training", "a self harm support group"
    "suicide|suicidal|harm|injury prevention|awareness|intervention|liaison|bereavement|training|course|module"
    "|unit|charity|charities|helpline|line|lines|team|nurse|nurses|worker|workers|session|sessions|support|group"
    "|groups|research|essay|policy|first|crisis|service|services",
    # "suicide and self harm training", but never "suicidal and scared"
    "suicide|suicidal|harm and self? harm|suicide prevention|awareness|intervention|training|course|module|unit"
    "|charity|team|nurse|nurses|worker|workers|support|group|groups|research|policy|service|services|liaison",
    "on|about|in|of self harm|harming",
    "cut|cutting|cuts back|down|my hours|hours",
    "can go jump",
    # a flat battery: "my phone is about to die"
    "phone|phones|battery|laptop|laptops|ipad|tablet|car|cars is|s? about|going to die",
    "phone|phones|battery|laptop|laptops|ipad|tablet|car|cars is|s? dying|dead",
    "in danger of",
    "can not breathe well|properly when",
    "suicide|harm|harming peer|network|alliance|rates|scars|question|questions|prevention",
    "take|taking|took my own? life back|forward|in|into|on|over|seriously",  # "take my life in a new direction"
    "live|living|exist in !this|fear|pain|misery|agony|constant|such|torment",  # "I don't want to live in London"
    "live|living|exist near|abroad|somewhere|nearby|close|next|there|here|alone|together|off|far|by",
    "live|living on benefits|my|a|less|nothing|universal|handouts|welfare|credit",
    "overdose|overdosing|overdosed|overdoses|od of|on !@AFTER_OVERDOSE",  # "an overdose of paperwork"
    "shoot|shooting|shot myself in the foot",
    "@HARM_SELF myself @ACCIDENT",  # "I cut myself shaving"
    "accidentally @HARM_SELF myself",
    "@HARM_SELF myself by accident",
    "hurt|hurting|injure|injured|injuring myself at work",
    "hurt|hurting|injure|injured|injuring myself at the gym",
    "cut|cutting myself off|out",  # "I've cut myself off from friends"
    "burn|burning|burnt|burned myself out",  # burnout
    "hurt|harm|hurting|harming @PERSON @FEELINGS",  # "I don't want to hurt her feelings"
    "hit|hits me up|with",  # "she hit me up on WhatsApp"
    "have|has|had|got|need|needs|supposed|meant|remember|forget|forgot to @TAKE",  # "I have to take lots of tablets"
)

# A rule with unless=GROUP does not count in a sentence that also has one of these: the words say the risk
# word is about a job, a hobby or the past, not about the person now.
CANCELLERS: dict[str, tuple[str, ...]] = {
    "work_or_hobby": ("job", "jobs", "work", "course", "training", "climbing", "chef", "kitchen", "shop",
                      "apprenticeship", "access", "ticket", "hobby", "boots", "safety", "fishing", "for a living",
                      "toast", "cooking", "cooker", "dinner", "for my arthritis", "washing line", "swing", "team",
                      "outreach", "shift", "nights", "caseload"),
    "away": ("holiday", "away", "hospital", "appointment", "op", "operation", "visiting", "moving", "move",
             "abroad", "busy", "working", "course", "training", "off to", "retired", "retiring", "closing",
             "logging off", "log off", "account", "smaller", "bungalow", "up north", "down south", "new job"),
    "thanks": ("thanks", "thank", "thankyou", "cheers", "ta", "lovely", "speak soon", "see you", "night",
               "for now", "later", "laters", "colleagues", "work", "job", "dwp", "payslip", "weekend",
               "retiring", "retired"),
    "long_ago": ("years ago", "year ago", "# years", "in #", "as a teenager", "used to", "when i was younger",
                 "when i was #", "i am # now", "in my teens", "since my", "recovered", "last year",
                 "history of", "on my medical record", "medical records", "clean #", "in the past", "record",
                 "turned out", "all fine", "previous", "old scars", "back now", "pacemaker", "was part of my life"),
    "denial": ("no thoughts of", "i have never", "never self harmed", "the form asks", "question about",
               "asks if i have ever", "have not", "what do i tick", "leave it blank"),
    "helps": ("helps", "help", "because i", "cos i", "for me when", "does my", "shopping", "so i", "great",
              "lovely", "drawer", "lose", "safekeeping", "safe", "organised", "at my request"),
    "paperwork": ("power of attorney", "attorney", "appointee", "solicitor", "school", "jobcentre", "council",
                  "employer", "employers", "explaining", "writing my will", "my will", "kids clear"),
    "everyday_place": ("bath", "mould", "damp", "lol", "ladder", "shelf", "decorating", "painting"),
    "everyday_question": ("form", "job", "work", "uc", "pip", "esa", "claim", "interview", "letter", "sanction",
                          "appointment", "dwp", "council", "application"),
}


def _slot_words(slot: str) -> list[str]:
    words: list[str] = []
    for part in slot.split("|"):
        words.extend(SETS[part[1:]] if part.startswith("@") else [part])
    return words


NUMBER_WORDS = _words("""one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty
    forty fifty hundred""")


def _slot_regex(slot: str) -> str:
    if slot == "#":
        return r"(?:\d+|" + "|".join(NUMBER_WORDS) + ") "
    if slot == "~":
        return r"(?:\S+ ){0,3}"
    op = slot[-1] if slot[-1] in "?*" else ""
    slot = slot.rstrip("?*")
    words = "|".join(sorted(map(re.escape, _slot_words(slot.lstrip("!"))), key=len, reverse=True))
    one = rf"(?!(?:{words}) )\S+ " if slot.startswith("!") else rf"(?:{words}) "
    return f"(?:{one}){op}"


def to_regex(pattern: str) -> re.Pattern:
    """A pattern in the notation above as a regular expression over words, each followed by one space.
    It matches at every word: finditer() gives the (start, end) of each match in its group 1."""
    return re.compile("(?:^|(?<= ))(?=(" + "".join(_slot_regex(slot) for slot in pattern.split()) + "))")


def first_words(pattern: str) -> frozenset[str] | None:
    """The words a match must start with, or None when it may start with any word (an optional first
    slot, a number, a gap or a negation). Lets the detector try only the rules a clause can match."""
    slot = pattern.split()[0]
    if slot in ("#", "~") or slot[-1] in "?*" or slot.startswith("!"):
        return None
    return frozenset(_slot_words(slot))


def _vocabulary() -> frozenset[str]:
    words: set[str] = set()
    cancellers = [pattern for group in CANCELLERS.values() for pattern in group]
    for pattern in [rule.pattern for rule in RULES] + list(EXCEPTIONS) + cancellers:
        for slot in pattern.split():
            if not slot.startswith("!") and slot not in ("#", "~"):
                words.update(_slot_words(slot.rstrip("?*")))
    return frozenset(words)


# Every word a pattern looks for: the normaliser never "fixes" one of these into something else.
VOCABULARY = _vocabulary()
