# language: zh-TW
@step-14 @step-16 @needs-card-expired
功能: 應檢附文件的上傳（指南 STEP 14、註2、註3）
  文件須為 JPG、PNG 或 PDF（依檔案內容判斷），每個檔案不超過 2 MB；
  以相同領域及申請資格重新申請、且該類別沒有新規定時，前次的文件自動帶入。

  背景:
    假如 我是一位就業金卡已過期的申請人
    而且 我已以「外國人自行申請」登入平臺
    而且 我已開始填寫就業金卡重新申請書
    而且 我逐一填寫每個頁籤的必填欄位

  @r-upload @refuses
  場景: 名稱像 JPG、PNG 或 PDF 但內容不是的檔案都被拒絕
    當 我在「文件上傳」頁籤上傳每份應檢附文件，但「護照」換成名為 photo.jpg 的文字檔
    而且 我按「儲存」
    那麼 系統說明「護照」的檔案不是 JPG、PNG 或 PDF 檔
    而且 「護照」換成下列任一檔案按「儲存」，系統都說明不是 JPG、PNG 或 PDF 檔（兩次之間存一個 2 MB 加 1 位元組的 PNG 檔）：
      | 檔案                        |
      | 名為 scan.png 的 GIF 檔      |
      | 名為 picture.jpg 的 WebP 檔  |
      | 名為 scan.pdf 的 HTML 檔     |
      | 名為 archive.pdf 的 ZIP 檔   |
    而且 沒有任何暫存資料被儲存

  @r-upload @needs-drafts @refuses @allows @boundary-2-mb
  場景: 超過 2 MB 的檔案被拒絕，剛好 2 MB 可以上傳
    當 我在「文件上傳」頁籤上傳每份應檢附文件，但「護照」換成 2 MB 加 1 位元組的 PNG 檔
    而且 我按「儲存」
    那麼 系統說明「護照」的檔案超過上限
    當 我把「護照」換成剛好 2 MB 的 PNG 檔並按「儲存」
    那麼 我看到「儲存功能」的「儲存成功」訊息

  @r-upload @needs-drafts @allows
  場景: JPG 與 PDF 檔都可以上傳
    當 我在「文件上傳」頁籤上傳每份應檢附文件，但「照片」換成 JPG 檔、「護照」換成 PDF 檔
    而且 我按「儲存」
    那麼 我看到「儲存功能」的「儲存成功」訊息
