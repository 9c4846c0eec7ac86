# Runa Simi (Quechua): voting in an election with a code. Needs review by native speakers.
dlg-vote-code = Akllanapaq yupay
dlg-vote-code-help = Tantanakuyniykiq secretarian qusqan yupayta qillqay.
dlg-vote-open = Papeletata qhaway
dlg-vote-title = Akllay
dlg-election-candidates = Akllanakuqkuna
dlg-vote-ballot-title = Papeleta
dlg-vote-cast = Akllay
dlg-vote-no = Mana
dlg-vote-yes = Arí, qichuy
dlg-vote-recall-question = ¿Kay kamachisqaq kamachiyninta qichunachu?
dlg-vote-done = Akllasqayki ánforapiñam kachkan. Manam imapas qamwan tinkinchu: nitaq sutiyki, nitaq yupayniyki, nitaq pacha.
dlg-vote-done-title = Akllay chaskisqa
dlg-vote-see-election = Akllanakuyta qhaway
