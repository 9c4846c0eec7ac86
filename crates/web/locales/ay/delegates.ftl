# Aymar aru (Aymara): voting in an election with a code. Needs review by native speakers.
dlg-vote-code = Chhijllañataki jakhu
dlg-vote-code-help = Tamaman secretariapan churat jakhu qillqma.
dlg-vote-open = Papeleta uñjaña
dlg-vote-title = Chhijllaña
dlg-election-candidates = Sayt'irinaka
dlg-vote-ballot-title = Papeleta
dlg-vote-cast = Chhijllaña
dlg-vote-no = Janiwa
dlg-vote-yes = Jisa, apaqaña
dlg-vote-recall-question = ¿Aka delegadon kamachiwip apaqañati?
dlg-vote-done = Chhijllawimax ánforankxiwa. Janiw kunas jumamp mayachkiti: janiw sutimasa, janiw jakhumasa, janiw pachasa.
dlg-vote-done-title = Chhijllawi katuqata
dlg-vote-see-election = Chhijllawi uñjaña
