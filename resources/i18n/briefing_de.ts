<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name></name>
    <message>
        <source>Read-only: another Briefing window is writing to this library.</source>
        <translation>Nur lesen: Ein anderes Briefing-Fenster schreibt in diese Bibliothek.</translation>
    </message>
    <message>
        <source>First run: importing the sample articles…</source>
        <translation>Erster Start: Die Beispielartikel werden importiert …</translation>
    </message>
    <message>
        <source>Sample articles imported.</source>
        <translation>Beispielartikel importiert.</translation>
    </message>
    <message>
        <source>The sample articles were not imported</source>
        <translation>Die Beispielartikel wurden nicht importiert</translation>
    </message>
    <message>
        <source>Source: {0}</source>
        <translation>Quelle: {0}</translation>
    </message>
    <message>
        <source>Hedged: {0}</source>
        <translation>Eingeschränkt: {0}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Unnamed source</source>
        <translation>Ungenannte Quelle</translation>
    </message>
    <message>
        <source>Reported statements</source>
        <translation>Wiedergegebene Aussagen</translation>
    </message>
    <message>
        <source>The author&apos;s assessments</source>
        <translation>Einschätzungen des Autors</translation>
    </message>
    <message>
        <source>Cited sources</source>
        <translation>Zitierte Quellen</translation>
    </message>
    <message>
        <source>Unresolved speaker</source>
        <translation>Sprecher nicht aufgelöst</translation>
    </message>
    <message>
        <source>“{0}” could not be tied to a named person in the article.</source>
        <translation>„{0}“ ließ sich keiner im Artikel genannten Person zuordnen.</translation>
    </message>
    <message>
        <source>Speaker: {0} ({1})</source>
        <translation>Sprecher: {0} ({1})</translation>
    </message>
    <message>
        <source>Evidence: {0}</source>
        <translation>Beleg: {0}</translation>
    </message>
    <message>
        <source>Confidence: {0:.0%}</source>
        <translation>Sicherheit: {0:.0%}</translation>
    </message>
    <message>
        <source>Corrected by an analyst</source>
        <translation>Von einer Analystin oder einem Analysten korrigiert</translation>
    </message>
    <message>
        <source>named in the sentence</source>
        <translation>im Satz genannt</translation>
    </message>
    <message>
        <source>surname of the person named earlier</source>
        <translation>Nachname der zuvor genannten Person</translation>
    </message>
    <message>
        <source>pronoun for the nearest person named before it</source>
        <translation>Pronomen für die nächste zuvor genannte Person</translation>
    </message>
    <message>
        <source>description fitting only one person named before it</source>
        <translation>Beschreibung, die nur auf eine zuvor genannte Person passt</translation>
    </message>
    <message>
        <source>set by an analyst</source>
        <translation>manuell festgelegt</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Aussage</translation>
    </message>
    <message>
        <source>¶</source>
        <translation>¶</translation>
    </message>
    <message>
        <source>hedged claim</source>
        <translation>eingeschränkte Aussage</translation>
    </message>
    <message>
        <source>&amp;New Brief</source>
        <translation>&amp;Neuer Vermerk</translation>
    </message>
    <message>
        <source>Start a new, untitled brief</source>
        <translation>Einen neuen, unbenannten Vermerk beginnen</translation>
    </message>
    <message>
        <source>&amp;Open Brief…</source>
        <translation>Vermerk ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open a brief from disk</source>
        <translation>Einen Vermerk von der Festplatte öffnen</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <source>Save the current brief</source>
        <translation>Den aktuellen Vermerk speichern</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Speichern &amp;unter …</translation>
    </message>
    <message>
        <source>Save the brief under a new name</source>
        <translation>Den Vermerk unter einem neuen Namen speichern</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren …</translation>
    </message>
    <message>
        <source>Export the brief to DOCX, ODT, HTML or PDF</source>
        <translation>Den Vermerk als DOCX, ODT, HTML oder PDF exportieren</translation>
    </message>
    <message>
        <source>Import &amp;Files…</source>
        <translation>&amp;Dateien importieren …</translation>
    </message>
    <message>
        <source>Import article files into the library</source>
        <translation>Artikeldateien in die Bibliothek importieren</translation>
    </message>
    <message>
        <source>Import F&amp;older…</source>
        <translation>&amp;Ordner importieren …</translation>
    </message>
    <message>
        <source>Import every article in a folder</source>
        <translation>Alle Artikel eines Ordners importieren</translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation>Tab s&amp;chließen</translation>
    </message>
    <message>
        <source>Close the current tab</source>
        <translation>Den aktuellen Tab schließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit Briefing</source>
        <translation>Briefing beenden</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last edit in the brief</source>
        <translation>Die letzte Änderung am Vermerk rückgängig machen</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>Redo the last undone edit</source>
        <translation>Die zuletzt rückgängig gemachte Änderung wiederholen</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen …</translation>
    </message>
    <message>
        <source>Find text in the brief</source>
        <translation>Text im Vermerk suchen</translation>
    </message>
    <message>
        <source>&amp;Quote Selection in Brief</source>
        <translation>Auswahl als &amp;Zitat in den Vermerk</translation>
    </message>
    <message>
        <source>Insert the passage selected in the article, with its citation</source>
        <translation>Die im Artikel markierte Passage mit ihrem Beleg einfügen</translation>
    </message>
    <message>
        <source>&amp;Check Quotations</source>
        <translation>Zitate &amp;prüfen</translation>
    </message>
    <message>
        <source>Check every quotation against its source</source>
        <translation>Jedes Zitat mit seiner Quelle abgleichen</translation>
    </message>
    <message>
        <source>&amp;Search the Library</source>
        <translation>In der &amp;Bibliothek suchen</translation>
    </message>
    <message>
        <source>Move to the search box</source>
        <translation>Zum Suchfeld wechseln</translation>
    </message>
    <message>
        <source>Se&amp;ttings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>Library, citations, editor and appearance</source>
        <translation>Bibliothek, Belege, Editor und Darstellung</translation>
    </message>
    <message>
        <source>Article &amp;Metadata…</source>
        <translation>Artikel-&amp;Metadaten …</translation>
    </message>
    <message>
        <source>Correct the metadata of the article in front</source>
        <translation>Die Metadaten des vorderen Artikels korrigieren</translation>
    </message>
    <message>
        <source>&amp;Highlight Selection</source>
        <translation>Auswahl &amp;markieren</translation>
    </message>
    <message>
        <source>Mark the passage selected in the article</source>
        <translation>Die im Artikel ausgewählte Stelle markieren</translation>
    </message>
    <message>
        <source>&amp;Library as Main View</source>
        <translation>&amp;Bibliothek als Hauptansicht</translation>
    </message>
    <message>
        <source>Show the library in the centre, as a tab beside the briefs, or back in its panel</source>
        <translation>Die Bibliothek in der Mitte zeigen, als Reiter neben den Briefings, oder wieder in ihrem Bereich</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>&amp;Benutzerhandbuch</translation>
    </message>
    <message>
        <source>Read the user guide</source>
        <translation>Das Benutzerhandbuch lesen</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>Every command with a key</source>
        <translation>Jeder Befehl mit einem Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About Briefing</source>
        <translation>Ü&amp;ber Briefing</translation>
    </message>
    <message>
        <source>Version and licence</source>
        <translation>Version und Lizenz</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>The Qt version in use</source>
        <translation>Die verwendete Qt-Version</translation>
    </message>
    <message>
        <source>Follow the &amp;System</source>
        <translation>Dem &amp;System folgen</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Zuletzt &amp;geöffnet</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Colour &amp;Scheme</source>
        <translation>Farb&amp;schema</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>Gelb</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>Grün</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>Blau</translation>
    </message>
    <message>
        <source>Pink</source>
        <translation>Rosa</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>Orange</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>Authors</source>
        <translation>Autoren</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Aussagen</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <source>&amp;Authors:</source>
        <translation>&amp;Autoren:</translation>
    </message>
    <message>
        <source>&amp;Publisher:</source>
        <translation>&amp;Herausgeber:</translation>
    </message>
    <message>
        <source>&amp;Series:</source>
        <translation>&amp;Reihe:</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>&amp;Jahrgang:</translation>
    </message>
    <message>
        <source>&amp;Issue:</source>
        <translation>A&amp;usgabe:</translation>
    </message>
    <message>
        <source>&amp;Date:</source>
        <translation>&amp;Datum:</translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation>&amp;URL:</translation>
    </message>
    <message>
        <source>T&amp;ype:</source>
        <translation>T&amp;yp:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>All Articles</source>
        <translation>Alle Artikel</translation>
    </message>
    <message>
        <source>New Collection</source>
        <translation>Neue Sammlung</translation>
    </message>
    <message>
        <source>Deleted the collection “{0}”; its articles stay. Undo brings it back.</source>
        <translation>Sammlung „{0}“ gelöscht; ihre Artikel bleiben. Rückgängig holt sie zurück.</translation>
    </message>
    <message>
        <source>Delete Collection</source>
        <translation>Sammlung löschen</translation>
    </message>
    <message>
        <source>Delete the collection “{0}”?

The articles in it stay in the library; collections inside it move up a level.</source>
        <translation>Die Sammlung „{0}“ löschen?

Ihre Artikel bleiben in der Bibliothek; Sammlungen darin rücken eine Ebene nach oben.</translation>
    </message>
    <message>
        <source>New Sub-collection</source>
        <translation>Neue Untersammlung</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Delete Collection…</source>
        <translation>Sammlung löschen …</translation>
    </message>
    <message>
        <source>{0} articles added to “{1}”.</source>
        <translation>{0} Artikel zu „{1}“ hinzugefügt.</translation>
    </message>
    <message>
        <source>Moved “{0}” into “{1}”.</source>
        <translation>„{0}“ in „{1}“ verschoben.</translation>
    </message>
    <message>
        <source>Moved “{0}” to the top level.</source>
        <translation>„{0}“ auf die oberste Ebene verschoben.</translation>
    </message>
    <message>
        <source>Other Colour…</source>
        <translation>Andere Farbe …</translation>
    </message>
    <message>
        <source>No Colour</source>
        <translation>Keine Farbe</translation>
    </message>
    <message>
        <source>Colour of the tag “{0}”</source>
        <translation>Farbe des Schlagworts „{0}“</translation>
    </message>
    <message>
        <source>Tags of the article</source>
        <translation>Schlagwörter des Artikels</translation>
    </message>
    <message>
        <source>Add tags…</source>
        <translation>Schlagwörter hinzufügen …</translation>
    </message>
    <message>
        <source>Tags to add to the article (separated by commas)</source>
        <translation>Schlagwörter für den Artikel (durch Kommas getrennt)</translation>
    </message>
    <message>
        <source>Colour of “{0}”</source>
        <translation>Farbe von „{0}“</translation>
    </message>
    <message>
        <source>Remove Tag from the Article</source>
        <translation>Schlagwort vom Artikel entfernen</translation>
    </message>
    <message>
        <source>Any Tag</source>
        <translation>Jedes Schlagwort</translation>
    </message>
    <message>
        <source>Could not undo or redo “{0}”: {1}</source>
        <translation>„{0}“ konnte nicht rückgängig gemacht oder wiederholt werden: {1}</translation>
    </message>
    <message>
        <source>“{0}” is not undone yet: {1} Press Undo again to finish it.</source>
        <translation>„{0}“ ist noch nicht ganz rückgängig gemacht: {1} Drücken Sie noch einmal Rückgängig, um es abzuschließen.</translation>
    </message>
    <message>
        <source>“{0}” is not redone yet: {1} Press Redo again to finish it.</source>
        <translation>„{0}“ ist noch nicht ganz wiederholt: {1} Drücken Sie noch einmal Wiederholen, um es abzuschließen.</translation>
    </message>
    <message>
        <source>Rename Collection</source>
        <translation>Sammlung umbenennen</translation>
    </message>
    <message>
        <source>Move Collection</source>
        <translation>Sammlung verschieben</translation>
    </message>
    <message>
        <source>{0} and {1} more</source>
        <translation>{0} und {1} weitere</translation>
    </message>
    <message>
        <source>Not put back in “{0}”, moved to the trash since: {1}.</source>
        <translation>Nicht wieder in „{0}“ abgelegt, inzwischen in den Papierkorb verschoben: {1}.</translation>
    </message>
    <message>
        <source>Remove from Collection</source>
        <translation>Aus Sammlung entfernen</translation>
    </message>
    <message>
        <source>Add to Collection</source>
        <translation>Zur Sammlung hinzufügen</translation>
    </message>
    <message>
        <source>Tag Articles</source>
        <translation>Artikel verschlagworten</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>&amp;Rückgängig: {0}</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>&amp;Wiederholen: {0}</translation>
    </message>
    <message>
        <source>Undo “{0}” in the library</source>
        <translation>„{0}“ in der Bibliothek rückgängig machen</translation>
    </message>
    <message>
        <source>Redo “{0}” in the library</source>
        <translation>„{0}“ in der Bibliothek wiederholen</translation>
    </message>
</context>
<context>
    <name>ArticleTools</name>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Highlights</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <source>Select the words to highlight in the article first.</source>
        <translation>Wählen Sie zuerst die zu markierenden Wörter im Artikel aus.</translation>
    </message>
    <message>
        <source>The metadata was not changed</source>
        <translation>Die Metadaten wurden nicht geändert</translation>
    </message>
    <message>
        <source>Metadata of “{0}” saved.</source>
        <translation>Metadaten von „{0}“ gespeichert.</translation>
    </message>
</context>
<context>
    <name>ArticleView</name>
    <message>
        <source>Article: {0}</source>
        <translation>Artikel: {0}</translation>
    </message>
    <message>
        <source>&amp;Quote Selection in Brief</source>
        <translation>Auswahl als &amp;Zitat in den Vermerk</translation>
    </message>
    <message>
        <source>Insert the selected passage into the brief, with its citation</source>
        <translation>Die markierte Passage mit ihrem Beleg in den Vermerk einfügen</translation>
    </message>
    <message>
        <source>(untitled)</source>
        <translation>(ohne Titel)</translation>
    </message>
    <message>
        <source>Excerpt only: the full article is at the address above.</source>
        <translation>Nur ein Auszug: Der vollständige Artikel steht unter der Adresse oben.</translation>
    </message>
    <message>
        <source>Paragraph {0}</source>
        <translation>Absatz {0}</translation>
    </message>
    <message>
        <source>certain</source>
        <translation>sicher</translation>
    </message>
    <message>
        <source>a guess</source>
        <translation>vermutet</translation>
    </message>
    <message>
        <source>Repaired ({0}, {1}). The original read: {2}</source>
        <translation>Repariert ({0}, {1}). Im Original stand: {2}</translation>
    </message>
    <message>
        <source>Undo this repair (back to “{0}”)</source>
        <translation>Diese Reparatur rückgängig machen (zurück zu „{0}“)</translation>
    </message>
    <message>
        <source>The importer guessed this change; show the original text</source>
        <translation>Diese Änderung hat der Import nur vermutet; den Originaltext zeigen</translation>
    </message>
    <message numerus="yes">
        <source>Restore %Ln undone repair(s)</source>
        <translation>
            <numerusform>%Ln rückgängig gemachte Reparatur wiederherstellen</numerusform>
            <numerusform>%Ln rückgängig gemachte Reparaturen wiederherstellen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>BriefEditor</name>
    <message>
        <source>Brief source</source>
        <translation>Quelltext des Vermerks</translation>
    </message>
</context>
<context>
    <name>BriefPreview</name>
    <message>
        <source>Brief preview</source>
        <translation>Vorschau des Vermerks</translation>
    </message>
</context>
<context>
    <name>BriefTab</name>
    <message>
        <source>Untitled brief</source>
        <translation>Unbenannter Vermerk</translation>
    </message>
    <message>
        <source>Could not open the brief</source>
        <translation>Der Vermerk konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>The brief was not saved</source>
        <translation>Der Vermerk wurde nicht gespeichert</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>Gespeichert: %1</translation>
    </message>
    <message>
        <source>Save brief as</source>
        <translation>Vermerk speichern unter</translation>
    </message>
    <message>
        <source>Markdown briefs (*.md);;All files (*)</source>
        <translation>Markdown-Vermerke (*.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Could not reload the brief</source>
        <translation>Der Vermerk konnte nicht neu geladen werden</translation>
    </message>
    <message>
        <source>Could not read the file on disk</source>
        <translation>Die Datei auf der Festplatte konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>your version</source>
        <translation>Ihre Fassung</translation>
    </message>
    <message>
        <source>Compare with the file on disk</source>
        <translation>Mit der Datei auf der Festplatte vergleichen</translation>
    </message>
    <message>
        <source>Lines starting with “-” are only on disk; “+” only in your version.</source>
        <translation>Zeilen mit „-“ stehen nur auf der Festplatte, Zeilen mit „+“ nur in Ihrer Fassung.</translation>
    </message>
    <message>
        <source>Could not insert the quotation</source>
        <translation>Das Zitat konnte nicht eingefügt werden</translation>
    </message>
    <message>
        <source>The preview could not be rendered: %1</source>
        <translation>Die Vorschau konnte nicht erstellt werden: %1</translation>
    </message>
    <message>
        <source>Recovery copy not written: %1</source>
        <translation>Wiederherstellungskopie nicht geschrieben: %1</translation>
    </message>
    <message>
        <source>The brief changed since the check; checking again.</source>
        <translation>Der Vermerk wurde seit der Prüfung geändert; er wird erneut geprüft.</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
</context>
<context>
    <name>CheckPanel</name>
    <message>
        <source>Quotations not checked yet.</source>
        <translation>Die Zitate sind noch nicht geprüft.</translation>
    </message>
    <message>
        <source>Check summary</source>
        <translation>Prüfergebnis</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Check every quotation of the brief against its source</source>
        <translation>Jedes Zitat des Vermerks mit seiner Quelle abgleichen</translation>
    </message>
    <message>
        <source>Checked quotations</source>
        <translation>Geprüfte Zitate</translation>
    </message>
    <message>
        <source>Checking quotations…</source>
        <translation>Zitate werden geprüft …</translation>
    </message>
    <message>
        <source>The check failed: %1</source>
        <translation>Die Prüfung ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>The brief holds no quotations.</source>
        <translation>Der Vermerk enthält keine Zitate.</translation>
    </message>
    <message>
        <source>All %1 quotations are verified.</source>
        <translation>Alle %1 Zitate sind bestätigt.</translation>
    </message>
    <message>
        <source>%1 of %2 quotations are not verified.</source>
        <translation>%1 von %2 Zitaten sind nicht bestätigt.</translation>
    </message>
</context>
<context>
    <name>ClaimsPanel</name>
    <message>
        <source>Filter claims…</source>
        <translation>Aussagen filtern …</translation>
    </message>
    <message>
        <source>Filter claims</source>
        <translation>Aussagen filtern</translation>
    </message>
    <message>
        <source>Claims outline</source>
        <translation>Aussagenübersicht</translation>
    </message>
    <message>
        <source>Open an article to see its claims.</source>
        <translation>Öffnen Sie einen Artikel, um seine Aussagen zu sehen.</translation>
    </message>
    <message>
        <source>No claims were found in this article.</source>
        <translation>In diesem Artikel wurden keine Aussagen gefunden.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln correction(s) no longer apply: the text they point at has changed.</source>
        <translation>
            <numerusform>%Ln Korrektur gilt nicht mehr: Der Text, auf den sie verweist, hat sich geändert.</numerusform>
            <numerusform>%Ln Korrekturen gelten nicht mehr: Der Text, auf den sie verweisen, hat sich geändert.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CorrectionFlow</name>
    <message>
        <source>Mark as Claim</source>
        <translation>Als Aussage markieren</translation>
    </message>
    <message>
        <source>Correction Not Saved</source>
        <translation>Korrektur nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>DiffDialog</name>
    <message>
        <source>The two versions are identical.</source>
        <translation>Die beiden Fassungen sind gleich.</translation>
    </message>
</context>
<context>
    <name>DiffView</name>
    <message>
        <source>Differences</source>
        <translation>Unterschiede</translation>
    </message>
</context>
<context>
    <name>DiskChangeBar</name>
    <message>
        <source>Keep my version</source>
        <translation>Meine Fassung behalten</translation>
    </message>
    <message>
        <source>Keep editing your version; the next save replaces the file on disk.</source>
        <translation>Mit Ihrer Fassung weiterarbeiten; beim nächsten Speichern wird die Datei auf der Festplatte ersetzt.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Neu laden</translation>
    </message>
    <message>
        <source>Replace your version with the file on disk.</source>
        <translation>Ihre Fassung durch die Datei auf der Festplatte ersetzen.</translation>
    </message>
    <message>
        <source>Compare…</source>
        <translation>Vergleichen …</translation>
    </message>
    <message>
        <source>Show the differences between the two versions.</source>
        <translation>Die Unterschiede zwischen beiden Fassungen anzeigen.</translation>
    </message>
    <message>
        <source>“%1” was deleted or moved on disk. Your text is still here.</source>
        <translation>„%1“ wurde auf der Festplatte gelöscht oder verschoben. Ihr Text ist noch da.</translation>
    </message>
    <message>
        <source>“%1” was changed by another program, and you have unsaved changes.</source>
        <translation>„%1“ wurde von einem anderen Programm geändert, und Sie haben ungespeicherte Änderungen.</translation>
    </message>
    <message>
        <source>“%1” was changed by another program.</source>
        <translation>„%1“ wurde von einem anderen Programm geändert.</translation>
    </message>
</context>
<context>
    <name>EditorFindBar</name>
    <message>
        <source>Find in brief</source>
        <translation>Im Vermerk suchen</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>Groß-/Kleinschreibung beachten</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>Vorheriger Treffer (Umschalt+F3)</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>Nächster Treffer (F3)</translation>
    </message>
    <message>
        <source>Close the find bar (Escape)</source>
        <translation>Suchleiste schließen (Esc)</translation>
    </message>
    <message>
        <source>1 match</source>
        <translation>1 Treffer</translation>
    </message>
    <message>
        <source>%1 matches</source>
        <translation>%1 Treffer</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export brief</source>
        <translation>Vermerk exportieren</translation>
    </message>
    <message>
        <source>Export format</source>
        <translation>Exportformat</translation>
    </message>
    <message>
        <source>Output file</source>
        <translation>Zieldatei</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose where to write the exported file</source>
        <translation>Wählen Sie, wohin die exportierte Datei geschrieben wird</translation>
    </message>
    <message>
        <source>Add an evidence appendix</source>
        <translation>Belegverzeichnis anhängen</translation>
    </message>
    <message>
        <source>For each quotation: its source, paragraph, access date and the SHA-256 of the archived original</source>
        <translation>Für jedes Zitat: Quelle, Absatz, Abrufdatum und SHA-256 des archivierten Originals</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>Format:</translation>
    </message>
    <message>
        <source>Save to:</source>
        <translation>Speichern unter:</translation>
    </message>
    <message>
        <source>Quotations that are not verified</source>
        <translation>Nicht bestätigte Zitate</translation>
    </message>
    <message>
        <source>Show in Check Panel</source>
        <translation>In der Zitatprüfung zeigen</translation>
    </message>
    <message>
        <source>Close this dialog and list every quotation&apos;s check</source>
        <translation>Diesen Dialog schließen und die Prüfung jedes Zitats auflisten</translation>
    </message>
    <message>
        <source>Export Anyway</source>
        <translation>Trotzdem exportieren</translation>
    </message>
    <message>
        <source>Export with the evidence appendix marking each unverified quotation</source>
        <translation>Mit Nachweisanhang exportieren, der jedes nicht bestätigte Zitat kennzeichnet</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the folder the file was written to</source>
        <translation>Den Ordner zeigen, in den die Datei geschrieben wurde</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Wählen Sie eine Datei für den Export.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert …</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>Exportiert nach %1</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message numerus="yes">
        <source>Not exported: %Ln quotation(s) are not verified.</source>
        <translation>
            <numerusform>Nicht exportiert: %Ln Zitat ist nicht bestätigt.</numerusform>
            <numerusform>Nicht exportiert: %Ln Zitate sind nicht bestätigt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The export failed: %1</source>
        <translation>Der Export ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>HighlightsPanel</name>
    <message>
        <source>Highlights</source>
        <translation>Markierungen</translation>
    </message>
    <message>
        <source>Passage</source>
        <translation>Stelle</translation>
    </message>
    <message>
        <source>¶</source>
        <translation>¶</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Colour of new highlights</source>
        <translation>Farbe neuer Markierungen</translation>
    </message>
    <message>
        <source>&amp;Highlight Selection</source>
        <translation>Auswahl &amp;markieren</translation>
    </message>
    <message>
        <source>Mark the passage selected in the article ({0})</source>
        <translation>Die im Artikel ausgewählte Stelle markieren ({0})</translation>
    </message>
    <message>
        <source>&amp;Quote in Brief</source>
        <translation>Im Briefing &amp;zitieren</translation>
    </message>
    <message>
        <source>Insert the highlighted passage, with its citation</source>
        <translation>Die markierte Stelle mit Quellenangabe einfügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>orphaned</source>
        <translation>verwaist</translation>
    </message>
    <message>
        <source>The article changed and these words are no longer in it: the highlight is kept with its words but not attached to any passage.</source>
        <translation>Der Artikel hat sich geändert und enthält diese Wörter nicht mehr: Die Markierung bleibt mit ihren Wörtern erhalten, ist aber keiner Stelle zugeordnet.</translation>
    </message>
</context>
<context>
    <name>ImportFlow</name>
    <message>
        <source>An import is already running.</source>
        <translation>Es läuft bereits ein Import.</translation>
    </message>
    <message>
        <source>Looking for articles…</source>
        <translation>Artikel werden gesucht …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Importing</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Importing {0} of {1}
{2}</source>
        <translation>Import {0} von {1}
{2}</translation>
    </message>
    <message>
        <source>{0} imported, {1} already in the library, {2} failed.</source>
        <translation>{0} importiert, {1} schon in der Bibliothek, {2} fehlgeschlagen.</translation>
    </message>
    <message>
        <source>{0} skipped (not articles).</source>
        <translation>{0} übersprungen (keine Artikel).</translation>
    </message>
    <message>
        <source>Import cancelled: </source>
        <translation>Import abgebrochen: </translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>… and {0} more</source>
        <translation>… und {0} weitere</translation>
    </message>
    <message>
        <source>Some files were not imported</source>
        <translation>Einige Dateien wurden nicht importiert</translation>
    </message>
    <message>
        <source>These files were skipped; the rest were imported:</source>
        <translation>Diese Dateien wurden übersprungen, die übrigen importiert:</translation>
    </message>
</context>
<context>
    <name>LibraryModel</name>
    <message>
        <source>Rebuilding the catalog…</source>
        <translation>Der Katalog wird neu aufgebaut…</translation>
    </message>
</context>
<context>
    <name>LibraryPlacement</name>
    <message>
        <source>The library as the main view</source>
        <translation>Die Bibliothek als Hauptansicht</translation>
    </message>
</context>
<context>
    <name>LibraryView</name>
    <message>
        <source>Filter: title, author, publisher or key; tag:…, collection:…, note:…</source>
        <translation>Filter: Titel, Autor, Herausgeber oder Schlüssel; tag:…, collection:…, note:…</translation>
    </message>
    <message>
        <source>Filter the library</source>
        <translation>Die Bibliothek filtern</translation>
    </message>
    <message>
        <source>Articles in the library</source>
        <translation>Artikel in der Bibliothek</translation>
    </message>
    <message>
        <source>tag, another tag</source>
        <translation>Schlagwort, noch eins</translation>
    </message>
    <message>
        <source>Tags to add to the selected articles</source>
        <translation>Schlagwörter für die ausgewählten Artikel</translation>
    </message>
    <message>
        <source>&amp;Tag</source>
        <translation>&amp;Verschlagworten</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <source>Collection (type a new name to create one)</source>
        <translation>Sammlung (einen neuen Namen tippen, um sie anzulegen)</translation>
    </message>
    <message>
        <source>Add to &amp;Collection</source>
        <translation>Zur &amp;Sammlung hinzufügen</translation>
    </message>
    <message>
        <source>Save as &amp;Search</source>
        <translation>Als &amp;Suche speichern</translation>
    </message>
    <message>
        <source>Save a search that finds the articles of this collection</source>
        <translation>Eine Suche speichern, die die Artikel dieser Sammlung findet</translation>
    </message>
    <message>
        <source>E&amp;xport Bibliography</source>
        <translation>Literaturliste e&amp;xportieren</translation>
    </message>
    <message>
        <source>CSL-JSON…</source>
        <translation>CSL-JSON …</translation>
    </message>
    <message>
        <source>BibTeX…</source>
        <translation>BibTeX …</translation>
    </message>
    <message>
        <source>RIS…</source>
        <translation>RIS …</translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <source>Move the selected articles to the trash</source>
        <translation>Die ausgewählten Artikel in den Papierkorb verschieben</translation>
    </message>
    <message>
        <source>{0} articles moved to the trash. Undo brings them back.</source>
        <translation>{0} Artikel in den Papierkorb verschoben. Rückgängig holt sie zurück.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Rebuilding the catalog… {0} of {1}</source>
        <translation>Der Katalog wird neu aufgebaut… {0} von {1}</translation>
    </message>
    <message>
        <source>The catalog could not be rebuilt: {0}</source>
        <translation>Der Katalog konnte nicht neu aufgebaut werden: {0}</translation>
    </message>
    <message>
        <source>{0} matching</source>
        <translation>{0} passend</translation>
    </message>
    <message>
        <source>1 article</source>
        <translation>1 Artikel</translation>
    </message>
    <message>
        <source>{0} articles</source>
        <translation>{0} Artikel</translation>
    </message>
    <message>
        <source>Tagged {0} articles.</source>
        <translation>{0} Artikel verschlagwortet.</translation>
    </message>
    <message>
        <source>{0} articles added to “{1}”.</source>
        <translation>{0} Artikel zu „{1}“ hinzugefügt.</translation>
    </message>
    <message>
        <source>Saved the search “{0}”: {1}</source>
        <translation>Suche „{0}“ gespeichert: {1}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Remove from “{0}”</source>
        <translation>Aus „{0}“ entfernen</translation>
    </message>
    <message>
        <source>{0} articles taken out of “{1}”.</source>
        <translation>{0} Artikel aus „{1}“ entfernt.</translation>
    </message>
    <message>
        <source>Bibliography of {0} articles saved to {1}.</source>
        <translation>Literaturliste von {0} Artikeln in {1} gespeichert.</translation>
    </message>
    <message>
        <source>Export bibliography</source>
        <translation>Literaturliste exportieren</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Search</source>
        <translation>Suche</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Aussagen</translation>
    </message>
    <message>
        <source>Speakers</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>Team Library — {0}</source>
        <translation>Teambibliothek — {0}</translation>
    </message>
    <message>
        <source>The repair was not changed</source>
        <translation>Die Reparatur wurde nicht geändert</translation>
    </message>
    <message>
        <source>Could not open the article</source>
        <translation>Der Artikel konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Open brief</source>
        <translation>Vermerk öffnen</translation>
    </message>
    <message>
        <source>Markdown briefs (*.md);;All files (*)</source>
        <translation>Markdown-Vermerke (*.md);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Save brief as</source>
        <translation>Vermerk speichern unter</translation>
    </message>
    <message>
        <source>Markdown briefs (*.md)</source>
        <translation>Markdown-Vermerke (*.md)</translation>
    </message>
    <message>
        <source>Quotation inserted into “{0}”.</source>
        <translation>Zitat in „{0}“ eingefügt.</translation>
    </message>
    <message>
        <source>Import articles</source>
        <translation>Artikel importieren</translation>
    </message>
    <message>
        <source>Articles (*.txt *.md *.html *.htm *.pdf *.zip);;All files (*)</source>
        <translation>Artikel (*.txt *.md *.html *.htm *.pdf *.zip);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import a folder of articles</source>
        <translation>Einen Ordner mit Artikeln importieren</translation>
    </message>
    <message>
        <source>Settings not saved: {0}</source>
        <translation>Einstellungen nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>About {0}</source>
        <translation>Über {0}</translation>
    </message>
    <message>
        <source>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;An offline briefing editor: archive, search, claims outline and quotation-checked briefs.&lt;/p&gt;&lt;p&gt;Licensed under the GNU GPL, version 3 or later.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;{0} {1}&lt;/h3&gt;&lt;p&gt;Ein Offline-Editor für Vermerke: Archiv, Suche, Aussagenübersicht und Vermerke mit geprüften Zitaten.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU GPL, Version 3 oder später.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>Ungespeicherte Änderungen</translation>
    </message>
    <message>
        <source>“{0}” has unsaved changes. Save them?</source>
        <translation>„{0}“ hat ungespeicherte Änderungen. Speichern?</translation>
    </message>
</context>
<context>
    <name>MetadataDialog</name>
    <message>
        <source>Article Metadata — {0}</source>
        <translation>Artikel-Metadaten — {0}</translation>
    </message>
    <message>
        <source>Corrections are kept when the article is imported again. The value the importer found is shown on the right.</source>
        <translation>Korrekturen bleiben erhalten, wenn der Artikel erneut importiert wird. Rechts steht der Wert, den der Import gefunden hat.</translation>
    </message>
    <message>
        <source>Extracted</source>
        <translation>Ausgelesen</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Use the extracted value again</source>
        <translation>Wieder den ausgelesenen Wert verwenden</translation>
    </message>
    <message>
        <source>Reset {0}</source>
        <translation>{0} zurücksetzen</translation>
    </message>
    <message>
        <source>Make the citation key from the corrected metadata (the old key {0} keeps working)</source>
        <translation>Den Zitierschlüssel aus den korrigierten Metadaten bilden (der alte Schlüssel {0} gilt weiter)</translation>
    </message>
    <message>
        <source>(derived from the other fields)</source>
        <translation>(aus den übrigen Feldern abgeleitet)</translation>
    </message>
    <message>
        <source>YYYY-MM-DD, YYYY-MM or YYYY</source>
        <translation>JJJJ-MM-TT, JJJJ-MM oder JJJJ</translation>
    </message>
    <message>
        <source>Separate names with ;</source>
        <translation>Namen mit ; trennen</translation>
    </message>
</context>
<context>
    <name>NotesPane</name>
    <message>
        <source>Note on the article</source>
        <translation>Notiz zum Artikel</translation>
    </message>
    <message>
        <source>Notes on this article, in Markdown. They are saved as you type.</source>
        <translation>Notizen zu diesem Artikel, in Markdown. Sie werden beim Tippen gespeichert.</translation>
    </message>
    <message>
        <source>No article open</source>
        <translation>Kein Artikel geöffnet</translation>
    </message>
    <message>
        <source>Read-only: another window is writing to the library.</source>
        <translation>Nur lesen: Ein anderes Fenster schreibt in die Bibliothek.</translation>
    </message>
    <message>
        <source>Editing…</source>
        <translation>Bearbeitung …</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>Nicht gespeichert: {0}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Someone else changed this note meanwhile. Your text was saved below theirs, after a rule: merge the two.</source>
        <translation>Jemand anderes hat diese Notiz inzwischen geändert. Ihr Text wurde unter dem anderen gespeichert, nach einem Trennstrich: Führen Sie beide zusammen.</translation>
    </message>
</context>
<context>
    <name>QuickFixBox</name>
    <message>
        <source>Quick fix</source>
        <translation>Schnellkorrektur</translation>
    </message>
    <message>
        <source>Change the brief as shown (one step: Undo takes it back)</source>
        <translation>Den Vermerk wie gezeigt ändern (ein Schritt: Rückgängig nimmt ihn zurück)</translation>
    </message>
    <message>
        <source>These words cannot be quoted inline; edit the quotation by hand</source>
        <translation>Diese Worte lassen sich nicht im Fließtext zitieren; bearbeiten Sie das Zitat von Hand</translation>
    </message>
    <message>
        <source>The words are in %1.</source>
        <translation>Die Worte stehen in %1.</translation>
    </message>
    <message>
        <source>As quoted: %1</source>
        <translation>Wie zitiert: %1</translation>
    </message>
    <message>
        <source>Current text (%1): %2</source>
        <translation>Aktueller Text (%1): %2</translation>
    </message>
    <message>
        <source>Closest passage (%1), differences marked: %2</source>
        <translation>Ähnlichste Stelle (%1), Unterschiede markiert: %2</translation>
    </message>
    <message>
        <source>Cite %1</source>
        <translation>%1 zitieren</translation>
    </message>
    <message>
        <source>Re-quote from the current text</source>
        <translation>Aus dem aktuellen Text neu zitieren</translation>
    </message>
    <message>
        <source>Use the article&apos;s words</source>
        <translation>Die Worte des Artikels übernehmen</translation>
    </message>
</context>
<context>
    <name>ReadOnlyBanner</name>
    <message>
        <source>process {pid}</source>
        <translation>Prozess {pid}</translation>
    </message>
    <message>
        <source>another window</source>
        <translation>ein anderes Fenster</translation>
    </message>
    <message>
        <source>Read-only: {who} is writing to this library. You can search, read and write briefs; importing and deleting articles are turned off here.</source>
        <translation>Nur lesen: {who} schreibt in diese Bibliothek. Sie können suchen, lesen und Vermerke schreiben; Importieren und Löschen von Artikeln sind hier abgeschaltet.</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved briefs</source>
        <translation>Ungespeicherte Vermerke wiederherstellen</translation>
    </message>
    <message>
        <source>Briefing did not close normally. These briefs had changes that were not saved. Tick the ones to restore; they open as unsaved briefs you can review and save.</source>
        <translation>Briefing wurde nicht normal beendet. Diese Vermerke hatten ungespeicherte Änderungen. Haken Sie die wiederherzustellenden an; sie öffnen sich als ungespeicherte Vermerke, die Sie prüfen und speichern können.</translation>
    </message>
    <message>
        <source>Recovered briefs</source>
        <translation>Wiederhergestellte Vermerke</translation>
    </message>
    <message>
        <source>Restore ticked</source>
        <translation>Angehakte wiederherstellen</translation>
    </message>
    <message>
        <source>Discard ticked…</source>
        <translation>Angehakte verwerfen …</translation>
    </message>
    <message>
        <source>Decide later</source>
        <translation>Später entscheiden</translation>
    </message>
    <message>
        <source>Never saved</source>
        <translation>Nie gespeichert</translation>
    </message>
    <message>
        <source>An untitled brief that was never saved. Its full text is shown.</source>
        <translation>Ein unbenannter Vermerk, der nie gespeichert wurde. Sein vollständiger Text wird angezeigt.</translation>
    </message>
    <message>
        <source>%1 no longer exists on disk.</source>
        <translation>%1 gibt es auf der Festplatte nicht mehr.</translation>
    </message>
    <message>
        <source>%1 was changed on disk after this text was recovered; compare carefully.</source>
        <translation>%1 wurde auf der Festplatte geändert, nachdem dieser Text gesichert wurde; vergleichen Sie sorgfältig.</translation>
    </message>
    <message>
        <source>Differences from %1 on disk:</source>
        <translation>Unterschiede zu %1 auf der Festplatte:</translation>
    </message>
    <message>
        <source>The recovered text equals the file on disk.</source>
        <translation>Der wiederhergestellte Text ist gleich der Datei auf der Festplatte.</translation>
    </message>
    <message>
        <source>Discard recovered briefs</source>
        <translation>Wiederhergestellte Vermerke verwerfen</translation>
    </message>
    <message>
        <source>Throw away %1 recovered brief(s)? This cannot be undone.</source>
        <translation>%1 wiederhergestellte(n) Vermerk(e) verwerfen? Das lässt sich nicht rückgängig machen.</translation>
    </message>
</context>
<context>
    <name>SavedSearchBox</name>
    <message>
        <source>Saved searches</source>
        <translation>Gespeicherte Suchen</translation>
    </message>
    <message>
        <source>Run a saved search; beside each, its new hits since it last ran</source>
        <translation>Eine gespeicherte Suche ausführen; daneben ihre neuen Treffer seit dem letzten Lauf</translation>
    </message>
    <message>
        <source>Save search</source>
        <translation>Suche speichern</translation>
    </message>
    <message>
        <source>Name of the saved search:</source>
        <translation>Name der gespeicherten Suche:</translation>
    </message>
    <message numerus="yes">
        <source>Saved searches (%Ln)</source>
        <translation>
            <numerusform>Gespeicherte Suchen (%Ln)</numerusform>
            <numerusform>Gespeicherte Suchen (%Ln)</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} — {1} new</source>
        <translation>{0} — {1} neu</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search: words, &quot;phrases&quot;, author:…, published:2023</source>
        <translation>Suche: Wörter, &quot;Wortgruppen&quot;, author:…, published:2023</translation>
    </message>
    <message>
        <source>Search query</source>
        <translation>Suchanfrage</translation>
    </message>
    <message>
        <source>Save this search</source>
        <translation>Diese Suche speichern</translation>
    </message>
    <message>
        <source>Put every match into a collection</source>
        <translation>Alle Treffer in eine Sammlung legen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Publisher</source>
        <translation>Herausgeber</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>Autor</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>Jahr</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Schlagwort</translation>
    </message>
    <message>
        <source>Collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <source>Filter by {0}</source>
        <translation>Nach {0} filtern</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft …</translation>
    </message>
    <message numerus="yes">
        <source>%Ln result(s)</source>
        <translation>
            <numerusform>%Ln Ergebnis</numerusform>
            <numerusform>%Ln Ergebnisse</numerusform>
        </translation>
    </message>
    <message>
        <source>the search index is out of date</source>
        <translation>der Suchindex ist nicht aktuell</translation>
    </message>
    <message>
        <source>Double-click to open “{0}”</source>
        <translation>Doppelklicken, um „{0}“ zu öffnen</translation>
    </message>
    <message>
        <source>All publishers</source>
        <translation>Alle Herausgeber</translation>
    </message>
    <message>
        <source>All authors</source>
        <translation>Alle Autoren</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>Alle Jahre</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Alle Schlagwörter</translation>
    </message>
    <message>
        <source>All collections</source>
        <translation>Alle Sammlungen</translation>
    </message>
    <message numerus="yes">
        <source>%Ln article(s) put into “{0}”</source>
        <translation>
            <numerusform>%Ln Artikel in „{0}“ gelegt</numerusform>
            <numerusform>%Ln Artikel in „{0}“ gelegt</numerusform>
        </translation>
    </message>
    <message>
        <source>Make a collection</source>
        <translation>Sammlung anlegen</translation>
    </message>
    <message>
        <source>Put every match into the collection (Parent/Child makes it nested):</source>
        <translation>Alle Treffer in die Sammlung legen (Ober/Unter legt sie verschachtelt an):</translation>
    </message>
    <message>
        <source>Rebuilding the search index… {0}/{1}</source>
        <translation>Der Suchindex wird neu aufgebaut… {0}/{1}</translation>
    </message>
    <message>
        <source>The search index could not be rebuilt: {0}</source>
        <translation>Der Suchindex konnte nicht neu aufgebaut werden: {0}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Library</source>
        <translation>Bibliothek</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Ordner:</translation>
    </message>
    <message>
        <source>Leave empty for the default folder. A change applies at the next start.</source>
        <translation>Leer lassen für den Standardordner. Eine Änderung gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>Citations</source>
        <translation>Belege</translation>
    </message>
    <message>
        <source>Pilcrow (¶ 2)</source>
        <translation>Absatzzeichen (¶ 2)</translation>
    </message>
    <message>
        <source>Abbreviation (para. 2)</source>
        <translation>Abkürzung (Abs. 2)</translation>
    </message>
    <message>
        <source>Paragraph &amp;locator:</source>
        <translation>Absatz&amp;angabe:</translation>
    </message>
    <message>
        <source>Give &amp;access dates for web articles</source>
        <translation>Abruf&amp;daten bei Webartikeln angeben</translation>
    </message>
    <message>
        <source>Use “&amp;Ibid.” for a repeated source</source>
        <translation>„&amp;Ebd.“ für eine wiederholte Quelle verwenden</translation>
    </message>
    <message>
        <source>Editor</source>
        <translation>Editor</translation>
    </message>
    <message>
        <source>Use the system’s &amp;fixed-width font</source>
        <translation>Die &amp;Festbreitenschrift des Systems verwenden</translation>
    </message>
    <message>
        <source> pt</source>
        <translation> pt</translation>
    </message>
    <message>
        <source>F&amp;ont:</source>
        <translation>Sch&amp;rift:</translation>
    </message>
    <message>
        <source>Font &amp;size:</source>
        <translation>Schrift&amp;größe:</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>Dem System folgen</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>Colour &amp;scheme:</source>
        <translation>Farbs&amp;chema:</translation>
    </message>
    <message>
        <source>A change applies at the next start.</source>
        <translation>Eine Änderung gilt ab dem nächsten Start.</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>Library Folder</source>
        <translation>Bibliotheksordner</translation>
    </message>
    <message>
        <source>The library location “{0}” is a file, not a folder.</source>
        <translation>Der Bibliotheksort „{0}“ ist eine Datei, kein Ordner.</translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>Some settings take effect when Briefing next starts.</source>
        <translation>Einige Einstellungen gelten erst ab dem nächsten Start von Briefing.</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Every command with a key, as this window has them:</source>
        <translation>Jeder Befehl mit Tastenkürzel, wie dieses Fenster sie hat:</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
</context>
<context>
    <name>SpeakerDialog</name>
    <message>
        <source>Set Speaker</source>
        <translation>Sprecher festlegen</translation>
    </message>
    <message>
        <source>Speaker</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <source>Who said this? Choose a person or type a name.</source>
        <translation>Wer hat das gesagt? Wählen Sie eine Person oder geben Sie einen Namen ein.</translation>
    </message>
</context>
<context>
    <name>SpeakersView</name>
    <message>
        <source>Speakers</source>
        <translation>Sprecher</translation>
    </message>
    <message>
        <source>Claims of the chosen speaker</source>
        <translation>Aussagen des gewählten Sprechers</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Aktualisieren</translation>
    </message>
    <message>
        <source>No one is quoted in the archive yet.</source>
        <translation>Im Archiv wird noch niemand zitiert.</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>Also written: {0}</source>
        <translation>Auch geschrieben: {0}</translation>
    </message>
</context>
<context>
    <name>StatusProgress</name>
    <message>
        <source>Importing</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Indexing</source>
        <translation>Indizierung</translation>
    </message>
    <message>
        <source>Cataloguing</source>
        <translation>Katalogisieren</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <source>Briefing User Guide</source>
        <translation>Briefing-Benutzerhandbuch</translation>
    </message>
    <message>
        <source>The user guide is missing from this installation ({0}).</source>
        <translation>Das Benutzerhandbuch fehlt in dieser Installation ({0}).</translation>
    </message>
</context>
<context>
    <name>WordCount</name>
    <message>
        <source>1 word</source>
        <translation>1 Wort</translation>
    </message>
    <message>
        <source>{0} words</source>
        <translation>{0} Wörter</translation>
    </message>
</context>
<context>
    <name>panel</name>
    <message>
        <source>Reject Claim</source>
        <translation>Aussage verwerfen</translation>
    </message>
    <message>
        <source>Set Speaker…</source>
        <translation>Sprecher festlegen …</translation>
    </message>
    <message>
        <source>Mark Selected Text as Claim…</source>
        <translation>Markierten Text als Aussage markieren …</translation>
    </message>
</context>
</TS>
