<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>deskport::ConsentDialog</name>
    <message>
        <source>Deskport: someone wants to connect</source>
        <translation>Deskport: кто-то хочет подключиться</translation>
    </message>
    <message>
        <source>&amp;Allow</source>
        <translation>&amp;Разрешить</translation>
    </message>
    <message>
        <source>&amp;Deny</source>
        <translation>&amp;Отклонить</translation>
    </message>
    <message>
        <source>%1 logged in with the control password and wants to see this screen and use its mouse and keyboard.</source>
        <translation>%1 вошёл с паролем управления и хочет видеть этот экран и пользоваться мышью и клавиатурой.</translation>
    </message>
    <message>
        <source>%1 logged in with the view-only password and wants to watch this screen.</source>
        <translation>%1 вошёл с паролем только для просмотра и хочет смотреть этот экран.</translation>
    </message>
    <message numerus="yes">
        <source>Without an answer it is denied in %n second(s).</source>
        <translation>
            <numerusform>Без ответа будет отклонено через %n секунду.</numerusform>
            <numerusform>Без ответа будет отклонено через %n секунды.</numerusform>
            <numerusform>Без ответа будет отклонено через %n секунд.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>deskport::PtyProcess</name>
    <message>
        <source>This terminal was already started.</source>
        <translation>Этот терминал уже запущен.</translation>
    </message>
    <message>
        <source>The terminal size %1x%2 is out of range (%3 to %4 columns and rows).</source>
        <translation>Размер терминала %1x%2 вне допустимого диапазона (от %3 до %4 столбцов и строк).</translation>
    </message>
    <message>
        <source>The program to run must be given as an absolute path, not &quot;%1&quot;.</source>
        <translation>Программу нужно указать абсолютным путём, а не «%1».</translation>
    </message>
    <message>
        <source>The command line, folder or environment contains a NUL character.</source>
        <translation>Командная строка, папка или окружение содержат символ NUL.</translation>
    </message>
    <message>
        <source>The environment entry &quot;%1&quot; is not of the form NAME=value.</source>
        <translation>Запись окружения «%1» не имеет вида ИМЯ=значение.</translation>
    </message>
    <message>
        <source>Cannot open a pseudo-terminal: %1</source>
        <translation>Не удаётся открыть псевдотерминал: %1</translation>
    </message>
    <message>
        <source>Cannot start a process: %1</source>
        <translation>Не удаётся запустить процесс: %1</translation>
    </message>
    <message>
        <source>Cannot run %1: the process failed before starting it.</source>
        <translation>Не удаётся запустить %1: процесс завершился до запуска.</translation>
    </message>
    <message>
        <source>Cannot change to the folder %1: %2</source>
        <translation>Не удаётся перейти в папку %1: %2</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>Не удаётся запустить %1: %2</translation>
    </message>
</context>
<context>
    <name>deskport::QrDialog</name>
    <message>
        <source>Turn on sharing to get a link.</source>
        <translation>Включите демонстрацию экрана, чтобы получить ссылку.</translation>
    </message>
    <message>
        <source>This link is too long for a QR code.</source>
        <translation>Эта ссылка слишком длинная для QR-кода.</translation>
    </message>
    <message>
        <source>Deskport link as a QR code</source>
        <translation>Ссылка Deskport в виде QR-кода</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>&amp;Адрес:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
</context>
<context>
    <name>deskport::SettingsDialog</name>
    <message>
        <source>%1 fps</source>
        <translation>%1 кадр/с</translation>
    </message>
    <message>
        <source>All addresses</source>
        <translation>Все адреса</translation>
    </message>
    <message>
        <source>This computer only (127.0.0.1)</source>
        <translation>Только этот компьютер (127.0.0.1)</translation>
    </message>
    <message>
        <source>Full size</source>
        <translation>Исходный размер</translation>
    </message>
    <message>
        <source>All screens</source>
        <translation>Все экраны</translation>
    </message>
    <message>
        <source>Screen %1: %2 (%3)</source>
        <translation>Экран %1: %2 (%3)</translation>
    </message>
    <message>
        <source>Bind address: %1</source>
        <translation>Адрес прослушивания: %1</translation>
    </message>
    <message>
        <source>Control password: %1</source>
        <translation>Пароль для управления: %1</translation>
    </message>
    <message>
        <source>Enter a view-only password, or turn view-only access off.</source>
        <translation>Введите пароль для просмотра или отключите доступ только для просмотра.</translation>
    </message>
    <message>
        <source>View-only password: %1</source>
        <translation>Пароль для просмотра: %1</translation>
    </message>
    <message>
        <source>The control and view-only passwords must differ.</source>
        <translation>Пароль для управления и пароль для просмотра должны различаться.</translation>
    </message>
    <message>
        <source>Deskport Settings</source>
        <translation>Настройки Deskport</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Сеть</translation>
    </message>
    <message>
        <source>Passwords</source>
        <translation>Пароли</translation>
    </message>
    <message>
        <source>Picture</source>
        <translation>Изображение</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Общие</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Порт:</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>&amp;Адрес прослушивания:</translation>
    </message>
    <message>
        <source>&amp;Control password:</source>
        <translation>Пароль для &amp;управления:</translation>
    </message>
    <message>
        <source>&amp;View-only password:</source>
        <translation>Пароль для п&amp;росмотра:</translation>
    </message>
    <message>
        <source>&amp;Framerate:</source>
        <translation>&amp;Частота кадров:</translation>
    </message>
    <message>
        <source>&amp;Quality:</source>
        <translation>&amp;Качество:</translation>
    </message>
    <message>
        <source>&amp;Maximum resolution:</source>
        <translation>&amp;Максимальное разрешение:</translation>
    </message>
    <message>
        <source>&amp;Screen:</source>
        <translation>&amp;Экран:</translation>
    </message>
    <message>
        <source>L&amp;anguage:</source>
        <translation>&amp;Язык:</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>без изменений</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Сгенерировать</translation>
    </message>
    <message>
        <source>Allow view-only viewers</source>
        <translation>Разрешить доступ только для просмотра</translation>
    </message>
    <message>
        <source>Show passwords</source>
        <translation>Показывать пароли</translation>
    </message>
    <message>
        <source>Start sharing when I log in</source>
        <translation>Начинать демонстрацию экрана при входе в систему</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Язык системы</translation>
    </message>
    <message>
        <source>The most frames per second any viewer gets</source>
        <translation>Максимальная частота кадров для каждого зрителя</translation>
    </message>
    <message>
        <source>JPEG quality: higher looks better and needs more bandwidth</source>
        <translation>Качество JPEG: чем выше, тем лучше изображение, но тем больше нагрузка на сеть</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Применить</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <source>Deskport made this control password for you. Give it only to people who may use this computer; you can also type your own. It is stored hashed and shown only now.</source>
        <translation>Deskport создал этот пароль для управления. Сообщайте его только тем, кому можно управлять этим компьютером, или введите свой. Пароль хранится только в виде хеша и показывается только сейчас.</translation>
    </message>
    <message>
        <source>Folder: %1</source>
        <translation>Папка: %1</translation>
    </message>
    <message>
        <source>Choose a folder for the file panel</source>
        <translation>Выберите папку для панели файлов</translation>
    </message>
    <message>
        <source>Host tools</source>
        <translation>Инструменты компьютера</translation>
    </message>
    <message>
        <source>Share the clipboard with control viewers</source>
        <translation>Общий буфер обмена для зрителей с управлением</translation>
    </message>
    <message>
        <source>File access for control viewers</source>
        <translation>Доступ к файлам для зрителей с управлением</translation>
    </message>
    <message>
        <source>Terminal for control viewers</source>
        <translation>Терминал для зрителей с управлением</translation>
    </message>
    <message>
        <source>System panel for view-only viewers</source>
        <translation>Панель системы и для зрителей без управления</translation>
    </message>
    <message>
        <source>Control viewers always see the system panel</source>
        <translation>Зрители с управлением всегда видят панель системы</translation>
    </message>
    <message>
        <source>F&amp;olders for the file panel:</source>
        <translation>Папки для панели &amp;файлов:</translation>
    </message>
    <message>
        <source>Add folder…</source>
        <translation>Добавить папку…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Удалить</translation>
    </message>
    <message>
        <source>With no folder listed, the file panel offers your home folder (%1).</source>
        <translation>Если ни одна папка не указана, на панели файлов доступна ваша домашняя папка (%1).</translation>
    </message>
    <message>
        <source>Choose a PEM certificate</source>
        <translation>Выберите сертификат PEM</translation>
    </message>
    <message>
        <source>Choose its private key</source>
        <translation>Выберите его закрытый ключ</translation>
    </message>
    <message>
        <source>Certificate: give both the certificate and its key, or neither (Deskport&apos;s own).</source>
        <translation>Сертификат: укажите и сертификат, и ключ, или ни то, ни другое (собственный сертификат Deskport).</translation>
    </message>
    <message>
        <source>Certificate: %1</source>
        <translation>Сертификат: %1</translation>
    </message>
    <message>
        <source>Key: %1</source>
        <translation>Ключ: %1</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>Файлы PEM (*.pem *.crt *.key);;Все файлы (*)</translation>
    </message>
    <message>
        <source>Security</source>
        <translation>Безопасность</translation>
    </message>
    <message>
        <source>Cer&amp;tificate:</source>
        <translation>Серти&amp;фикат:</translation>
    </message>
    <message>
        <source>&amp;Key:</source>
        <translation>&amp;Ключ:</translation>
    </message>
    <message>
        <source>Encrypt connections (HTTPS)</source>
        <translation>Шифровать соединения (HTTPS)</translation>
    </message>
    <message>
        <source>Off: the screen, keystrokes and passwords cross the network unencrypted</source>
        <translation>Выкл.: экран, нажатия клавиш и пароли идут по сети без шифрования</translation>
    </message>
    <message>
        <source>Deskport&apos;s own (self-signed)</source>
        <translation>собственный Deskport (самоподписанный)</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Выбрать…</translation>
    </message>
    <message>
        <source>Ask before accepting a viewer</source>
        <translation>Спрашивать перед подключением зрителя</translation>
    </message>
    <message>
        <source>A viewer with the right password still waits until you allow it; no answer in 30 seconds denies it</source>
        <translation>Даже с верным паролем зритель ждёт вашего разрешения; без ответа за 30 секунд — отказ</translation>
    </message>
    <message>
        <source>Allow control (off: every viewer can only watch)</source>
        <translation>Разрешить управление (выкл.: все только смотрят)</translation>
    </message>
</context>
<context>
    <name>deskport::SharingController</name>
    <message>
        <source>Sharing could not start: %1</source>
        <translation>Не удалось начать демонстрацию экрана: %1</translation>
    </message>
    <message>
        <source>The control password cannot be empty.</source>
        <translation>Пароль для управления не может быть пустым.</translation>
    </message>
    <message>
        <source>A password can have at most %1 characters.</source>
        <translation>Пароль может содержать не более %1 символов.</translation>
    </message>
    <message>
        <source>A password cannot be only spaces.</source>
        <translation>Пароль не может состоять только из пробелов.</translation>
    </message>
    <message>
        <source>The control and view-only passwords must differ.</source>
        <translation>Пароль для управления и пароль для просмотра должны различаться.</translation>
    </message>
</context>
<context>
    <name>deskport::SharingService</name>
    <message>
        <source>cannot listen on %1 port %2: %3</source>
        <translation>не удалось открыть порт %2 на адресе %1: %3</translation>
    </message>
    <message>
        <source>no certificate for HTTPS: %1</source>
        <translation>нет сертификата для HTTPS: %1</translation>
    </message>
</context>
<context>
    <name>deskport::TrayController</name>
    <message>
        <source>Failed logins</source>
        <translation>Неудачные попытки входа</translation>
    </message>
    <message numerus="yes">
        <source>%n wrong password(s) from %1 in the last minute.</source>
        <translation>
            <numerusform>%n неверный пароль с адреса %1 за последнюю минуту.</numerusform>
            <numerusform>%n неверных пароля с адреса %1 за последнюю минуту.</numerusform>
            <numerusform>%n неверных паролей с адреса %1 за последнюю минуту.</numerusform>
        </translation>
    </message>
    <message>
        <source>Deskport</source>
        <translation>Deskport</translation>
    </message>
    <message>
        <source>Link copied</source>
        <translation>Ссылка скопирована</translation>
    </message>
    <message>
        <source>%1 is on the clipboard. Send it to the person who should see this screen.</source>
        <translation>Ссылка %1 скопирована в буфер обмена. Отправьте её тому, кто должен видеть ваш экран.</translation>
    </message>
    <message>
        <source>Someone can control this screen</source>
        <translation>Кто-то может управлять вашим экраном</translation>
    </message>
    <message>
        <source>%1 connected with the control password and can use the mouse and keyboard.</source>
        <translation>%1 подключился с паролем для управления и может пользоваться мышью и клавиатурой.</translation>
    </message>
    <message>
        <source>Someone is watching</source>
        <translation>Кто-то смотрит</translation>
    </message>
    <message>
        <source>%1 is watching this screen.</source>
        <translation>%1 смотрит ваш экран.</translation>
    </message>
    <message>
        <source>&amp;Share screen</source>
        <translation>&amp;Демонстрация экрана</translation>
    </message>
    <message>
        <source>Copy &amp;link</source>
        <translation>&amp;Копировать ссылку</translation>
    </message>
    <message>
        <source>Show &amp;QR code…</source>
        <translation>&amp;Показать QR-код…</translation>
    </message>
    <message>
        <source>S&amp;ettings…</source>
        <translation>&amp;Настройки…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Выход</translation>
    </message>
    <message>
        <source>Not sharing</source>
        <translation>Демонстрация экрана выключена</translation>
    </message>
    <message>
        <source>Sharing — nobody is connected</source>
        <translation>Демонстрация экрана — никто не подключён</translation>
    </message>
    <message numerus="yes">
        <source>Sharing — %n viewer(s) watching</source>
        <translation>
            <numerusform>Демонстрация экрана — смотрит %n зритель</numerusform>
            <numerusform>Демонстрация экрана — смотрят %n зрителя</numerusform>
            <numerusform>Демонстрация экрана — смотрят %n зрителей</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Sharing — someone can control this screen (%n viewer(s))</source>
        <translation>
            <numerusform>Демонстрация экрана — кто-то может управлять им (%n зритель)</numerusform>
            <numerusform>Демонстрация экрана — кто-то может управлять им (%n зрителя)</numerusform>
            <numerusform>Демонстрация экрана — кто-то может управлять им (%n зрителей)</numerusform>
        </translation>
    </message>
    <message>
        <source>Deskport: %1</source>
        <translation>Deskport: %1</translation>
    </message>
    <message>
        <source>&amp;Viewers (%1)</source>
        <translation>&amp;Зрители (%1)</translation>
    </message>
    <message>
        <source>Nobody is connected</source>
        <translation>Никто не подключён</translation>
    </message>
    <message>
        <source>control</source>
        <translation>управление</translation>
    </message>
    <message>
        <source>view only</source>
        <translation>только просмотр</translation>
    </message>
    <message>
        <source>%1 — %2, since %3</source>
        <translation>%1 — %2, с %3</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Отключить</translation>
    </message>
    <message>
        <source>Someone wants to connect</source>
        <translation>Кто-то хочет подключиться</translation>
    </message>
    <message>
        <source>Allow &amp;control</source>
        <translation>Разрешить &amp;управление</translation>
    </message>
    <message>
        <source>Off: every viewer can only watch, whatever password they logged in with.</source>
        <translation>Выкл.: все зрители только смотрят, с каким бы паролем они ни вошли.</translation>
    </message>
    <message>
        <source>Certificate (SHA-256): %1</source>
        <translation>Сертификат (SHA-256): %1</translation>
    </message>
    <message>
        <source>Copy the certificate fingerprint</source>
        <translation>Скопировать отпечаток сертификата</translation>
    </message>
    <message>
        <source>Fingerprint copied</source>
        <translation>Отпечаток скопирован</translation>
    </message>
    <message>
        <source>Your colleague should see the same SHA-256 fingerprint in the browser&apos;s certificate details before logging in.</source>
        <translation>Перед входом собеседник должен увидеть тот же отпечаток SHA-256 в сведениях о сертификате в браузере.</translation>
    </message>
    <message>
        <source>Not encrypted (plain HTTP)</source>
        <translation>Без шифрования (обычный HTTP)</translation>
    </message>
    <message>
        <source>Disconnect everyone and end all sessions</source>
        <translation>Отключить всех и завершить все сеансы</translation>
    </message>
    <message>
        <source>Recent connections</source>
        <translation>Последние подключения</translation>
    </message>
    <message>
        <source>None yet</source>
        <translation>Пока нет</translation>
    </message>
    <message>
        <source>logged in (%1)</source>
        <translation>вошёл (%1)</translation>
    </message>
    <message>
        <source>wrong password</source>
        <translation>неверный пароль</translation>
    </message>
    <message>
        <source>refused: too many wrong passwords</source>
        <translation>отказано: слишком много неверных паролей</translation>
    </message>
    <message>
        <source>connected (%1)</source>
        <translation>подключился (%1)</translation>
    </message>
    <message numerus="yes">
        <source>left after %n second(s)</source>
        <translation>
            <numerusform>вышел через %n секунду</numerusform>
            <numerusform>вышел через %n секунды</numerusform>
            <numerusform>вышел через %n секунд</numerusform>
        </translation>
    </message>
    <message>
        <source>session ended</source>
        <translation>сеанс завершён</translation>
    </message>
    <message>
        <source>allowed by you</source>
        <translation>разрешено вами</translation>
    </message>
    <message>
        <source>denied (%1)</source>
        <translation>отклонено (%1)</translation>
    </message>
    <message>
        <source>%1 — %2: %3</source>
        <translation>%1 — %2: %3</translation>
    </message>
    <message>
        <source>Open the audit log</source>
        <translation>Открыть журнал</translation>
    </message>
</context>
</TS>
