# Aymar aru (Aymara): sessions as a delegate sees them. Needs review by native speakers.
ses-choice-yes = Jisa
ses-choice-no = Janiwa
ses-choice-abstain = Jan chhijllasa
ses-speakers-ask = Arsuña mayiña
ses-speakers-ask-button = Arsuña mayiña
ses-speak-kind-for = jisa sasa
ses-speak-kind-against = janiwa sasa
ses-speak-kind-order = wakichawit jiskt'a
ses-speak-kind-other = yaqha arsuwi
ses-speakers-floor = Jichhax arsuski
ses-speakers-ends-at = Tukuyi
ses-speakers-nobody = Janiw khitis arsuskiti.
ses-speakers-none-waiting = Janiw khitis listankiti.
ses-speakers-waiting = Arsurinakan listapa
ses-speakers-withdraw = Listat mistuña
ses-speakers-list-closed = arsurinakan listapax jist'antatawa
ses-speakers-done = Arsuwayxapxiwa
ses-vote-cast = Chhijllaña
ses-vote-voted = { $n ->
   *[other] { $n } delegadonakaw chhijllawayxapxi
}
ses-vote-you-voted = Chhijllawimax qillqantatawa.
ses-vote-not-present = Chhijllañatakix titular ukham uñt'ata, salan qillqantata utjañamawa.
ses-vote-question = Jiskt'a
ses-vote-secret = imt'at chhijllawi
ses-votes-title = Chhijllawinaka
ses-result-passed = IYAW SATAWA
ses-result-failed = JANIW IYAW SATÄKITI
ses-result-tied = Pachpa jakhunïpxiwa: janiw kunas amtatäkiti; asambleax wasitat chhijllaniwa.
ses-result-winner = Chhijllat opción
ses-result-quorum-met = Quórum utjiwa: { $present } utjapxi { $seated } { $basis } taypita ({ $required } munasiwa).
ses-result-quorum-failed = Janiw quórum utjkiti: { $present } utjapxi { $seated } { $basis } taypita ({ $required } munasiwa).
ses-result-majority = Munat jilïri: { $majority }; jisa satanaka munasi: { $required }.
ses-result-choice-majority = Munasi: { $majority }: { $required } chhijllawinaka juk'amp chhijllat opcionataki.
ses-result-digest = Ánforan SHA-256 chimpupa

# "Mi asamblea" (/now), where a delegate lands after logging in. Draft: needs review by native
# speakers, as every message of this file.
nav-now = Asambleaja
now-title = Asambleaja jichhaxa
now-you-are = Jumax { $name } jumätawa
now-present = salankasktawa
now-not-present = janiraw punkun mantatam qillqantaykiti
now-you-chair = Jumaw aka asamblea irpta.
now-session = Jichha tantachawi:
now-item = Jichha aruskipata:
now-speak = Arsuña mayiña
now-no-item = Jichhax janiw kuna aruskipasa utjkiti.
now-vote-open = Chhijllaña jist'arata
now-vote = Jichhpach chhijllaña
now-vote-see = Chhijllaña uñjaña
now-no-session = Janiw jichhax tantachawix utjkiti. Aka laphix qalltkani ukhax sapaki machaqar tukuni.
now-sessions = Taqi tantachawinaka
now-none = Cuentamax janiw kuna asambleansa utjkiti, janirakiw kuna lurawinisa. Asambleanaka:
now-account = Cuentaxa (imt'at aru, credencial)
