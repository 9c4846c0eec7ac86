# Runa Simi (Quechua): sessions as a delegate sees them. Needs review by native speakers.
ses-choice-yes = Arí
ses-choice-no = Mana
ses-choice-abstain = Mana akllaspa
ses-speakers-ask = Rimayta mañakuy
ses-speakers-ask-button = Rimayta mañakuy
ses-speak-kind-for = ari nispa
ses-speak-kind-against = mana nispa
ses-speak-kind-order = kamachiymanta tapuy
ses-speak-kind-other = huk rimay
ses-speakers-floor = Kunan rimachkan
ses-speakers-ends-at = Tukukun
ses-speakers-nobody = Manam pipas rimachkanchu.
ses-speakers-none-waiting = Manam pipas listapi kanchu.
ses-speakers-waiting = Rimaqkunaq listan
ses-speakers-withdraw = Listamanta lluqsiy
ses-speakers-list-closed = rimaqkunaq listan wisq'asqa
ses-speakers-done = Ña rimarqanku
ses-vote-cast = Akllay
ses-vote-voted = { $n ->
   *[other] { $n } kamachisqa akllarqanña
}
ses-vote-you-voted = Akllasqayki qillqasqañam.
ses-vote-not-present = Akllanaykipaqqa titular hina riqsisqa, salapi qillqasqa kanayki tiyan.
ses-vote-question = Tapuy
ses-vote-secret = pakasqa akllay
ses-votes-title = Akllaykuna
ses-result-passed = CHASKISQA
ses-result-failed = MANA CHASKISQA
ses-result-tied = Kikin yupayllapim tukunku: manam imapas tukuchisqachu; asambleaqa watiqmanta akllanqa.
ses-result-winner = Akllasqa
ses-result-quorum-met = Quórum kanmi: { $present } kachkanku { $seated } { $basis } ukhumanta ({ $required } munakun).
ses-result-quorum-failed = Mana quórum kanchu: { $present } kachkanku { $seated } { $basis } ukhumanta ({ $required } munakun).
ses-result-majority = Munasqa aswan achkha: { $majority }; ari nisqa munakun: { $required }.
ses-result-choice-majority = Munakun: { $majority }: { $required } akllay aswan akllasqa opcionpaq.
ses-result-digest = Ánforaq SHA-256 unanchan

# "Mi asamblea" (/now), where a delegate lands after logging in. Draft: needs review by native
# speakers, as every message of this file.
nav-now = Asambleay
now-title = Asambleay kunan
now-you-are = Qamqa { $name } kanki
now-present = salapi kachkanki
now-not-present = manaraqmi punkupi yaykusqaykita qillqachinkichu
now-you-chair = Qammi kay asambleata pusanki.
now-session = Kunan tantakuy:
now-item = Kunan rimanakusqa:
now-speak = Rimayta mañakuy
now-no-item = Kunanqa manam ima rimanakuypas kanchu.
now-vote-open = Akllay kichasqa
now-vote = Kunan akllay
now-vote-see = Akllayta qhaway
now-no-session = Manam kunan tantakuy kanchu. Kay p'anqaqa qallarikuptin kikillanmanta musuqyanqa.
now-sessions = Llapan tantakuykuna
now-none = Cuentaykiqa manam ima asambleapipas tiyanayuqchu nitaq llamk'anayuqchu. Asambleakuna:
now-account = Cuentay (pakasqa simi, karta)
